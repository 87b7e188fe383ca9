/**
 * Money is integer fen everywhere (API.md); these turn it into what the holder reads.
 * Pure: no Taro.
 */

/** 1234 → "12.34", -5 → "-0.05". Integer maths only, so no float rounding. */
export function fenToYuan(fen: number): string {
  const n = Math.round(Number.isFinite(fen) ? fen : 0)
  const abs = Math.abs(n)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${n < 0 ? '-' : ''}${yuan}.${cents}`
}

/** 1234 → "¥12.34", -1234 → "-¥12.34". */
export function formatFen(fen: number): string {
  const s = fenToYuan(fen)
  return s.startsWith('-') ? `-¥${s.slice(1)}` : `¥${s}`
}

/** A change of balance: -1234 → "-¥12.34", 1234 → "+¥12.34", 0 → "¥0.00". */
export function formatFenChange(fen: number): string {
  const n = Math.round(Number.isFinite(fen) ? fen : 0)
  return n > 0 ? `+${formatFen(n)}` : formatFen(n)
}
