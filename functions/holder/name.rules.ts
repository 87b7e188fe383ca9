/**
 * Names as the card register holds them. Shared with the mini-program
 * (miniapp/src/features/card/idNumber.ts), so the app refuses what the server refuses.
 */

/** Names are compared after the same normalisation on both sides (register and request). */
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, '')
    // Minority names use a middle dot; phones type it several ways.
    .replace(/[•．・‧∙]/g, '·');
}

/** 1–30 characters of letters (any script) and the middle dot. */
export function isPlausibleName(name: string): boolean {
  return /^[\p{L}·]{1,30}$/u.test(name);
}

export const MAX_NAME_LENGTH = 30;

/** A zh-CN problem with a name as typed, or undefined when the server would take it. */
export function nameProblem(raw: string): string | undefined {
  const name = normalizeName(raw);
  if (!name) return '请输入姓名';
  if (Array.from(name).length > MAX_NAME_LENGTH) return `姓名最多${MAX_NAME_LENGTH}个字`;
  if (!isPlausibleName(name)) return '姓名只能包含文字和间隔号（·）';
  return undefined;
}
