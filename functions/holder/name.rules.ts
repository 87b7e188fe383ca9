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
