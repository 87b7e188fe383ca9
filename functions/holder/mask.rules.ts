/**
 * Masks for personal information shown to holders, channels and terminals.
 *
 * Every mask keeps the length of its input (one `*` per hidden character), so a masked
 * value still looks like the thing it hides. Characters are counted as Unicode code
 * points, so a rare name character outside the BMP (CJK Extension B and later, common
 * in names) counts as one character, not two UTF-16 units.
 *
 * When a value is too short for its rule to hide anything, it is masked entirely:
 * a mask never shows the whole value.
 */

function chars(value: string): string[] {
  return Array.from(value);
}

/** Keeps `head` leading and `tail` trailing characters; stars between. */
function keepEnds(value: string, head: number, tail: number): string {
  const cs = chars(value);
  if (cs.length <= head + tail) return '*'.repeat(cs.length);
  return (
    cs.slice(0, head).join('') +
    '*'.repeat(cs.length - head - tail) +
    cs.slice(cs.length - tail).join('')
  );
}

/**
 * ID number: first 4 (province and city), last 4 (3 of the sequence and the check
 * character), stars between: `3201**********1234`. 18 characters in, 18 out.
 * A lowercase check character x is shown as X.
 */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(idNumber.trim().toUpperCase(), 4, 4);
}

/**
 * Name: keeps the first character (the first character of the surname) and stars the
 * rest: 张三 → 张*, 王晓明 → 王**, 欧阳娜娜 → 欧***. A 1-character name becomes `*`.
 * Separators in minority names (阿卜杜拉·艾买提) are starred too: they would reveal
 * the length of each part.
 */
export function maskName(name: string): string {
  const cs = chars(name.trim());
  if (cs.length <= 1) return '*'.repeat(cs.length);
  return cs[0] + '*'.repeat(cs.length - 1);
}

/**
 * Social security card number (社会保障卡卡号), as printed on the physical card.
 * Assumed format: 9 characters, one uppercase letter then 8 digits (`A12345678`); it
 * identifies the card, not the person (the person's social security number is the ID
 * number), and changes when a card is replaced. The mask keeps the first character
 * and the last 2: `A******78`. Other lengths are masked by the same rule.
 */
export function maskCardNumber(cardNumber: string): string {
  return keepEnds(cardNumber.trim(), 1, 2);
}

/**
 * Mainland mobile number (11 digits): first 3 (the carrier prefix) and last 4:
 * `138****1234`. A +86 / 86 country prefix is dropped first. Anything shorter than
 * 11 characters keeps only its last 2.
 */
export function maskPhone(phone: string): string {
  let p = phone.replace(/[\s-]/g, '');
  if (/^\+?86\d{11}$/.test(p)) p = p.slice(p.length - 11);
  if (chars(p).length >= 11) return keepEnds(p, 3, 4);
  return keepEnds(p, 0, 2);
}
