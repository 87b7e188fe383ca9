/**
 * A small well-formedness check for mini-program templates (.axml / .wxml): every tag is
 * closed in order, attribute quotes are balanced. Quotes and {{ }} are respected, so
 * `{{a > b}}` in an attribute is not a tag end.
 */
export function markupProblems(source: string): string[] {
  const problems: string[] = [];
  const stack: Array<{ name: string; line: number }> = [];
  const text = source.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (ch !== '<') {
      i++;
      continue;
    }
    const start = line;
    let j = i + 1;
    const closing = text[j] === '/';
    if (closing) j++;
    const nameMatch = /^[A-Za-z][\w:.-]*/.exec(text.slice(j));
    if (!nameMatch) {
      problems.push(`line ${start}: '<' not followed by a tag name`);
      i++;
      continue;
    }
    const name = nameMatch[0];
    j += name.length;
    let quote: string | null = null;
    let braces = 0;
    while (j < n) {
      const c = text[j]!;
      if (c === '\n') line++;
      if (quote) {
        if (c === quote && braces === 0) quote = null;
        else if (c === '{' && text[j + 1] === '{') {
          braces++;
          j++;
        } else if (c === '}' && text[j + 1] === '}') {
          braces = Math.max(0, braces - 1);
          j++;
        }
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      j++;
    }
    if (j >= n) {
      problems.push(`line ${start}: <${name}> is not terminated`);
      break;
    }
    const selfClosing = text[j - 1] === '/';
    if (closing) {
      const top = stack.pop();
      if (!top) problems.push(`line ${start}: </${name}> closes nothing`);
      else if (top.name !== name) problems.push(`line ${start}: </${name}> closes <${top.name}> of line ${top.line}`);
    } else if (!selfClosing) {
      stack.push({ name, line: start });
    }
    i = j + 1;
  }
  for (const open of stack) problems.push(`line ${open.line}: <${open.name}> is never closed`);
  return problems;
}
