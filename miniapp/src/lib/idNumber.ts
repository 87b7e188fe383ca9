/**
 * Early, client-side feedback on a mainland ID number (GB 11643, ISO 7064 MOD 11-2).
 * The server checks again; this only saves the holder a round trip for a typo.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Full-width digits / Ｘ to ASCII, spaces removed, x upper-cased. */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
}

export function checkChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0)
  return CHECK_CHARS.charAt(sum % 11)
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0
  return d <= dim
}

/** A zh-CN problem with the ID number as typed, or undefined when it looks right. */
export function idNumberProblem(raw: string): string | undefined {
  const id = normalizeIdNumber(raw)
  if (!id) return '请输入身份证号'
  if (id.length !== 18) return '身份证号应为18位'
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为17位数字加1位数字或X'
  if (checkChar(id.slice(0, 17)) !== id.charAt(17)) return '身份证号校验位不正确，请检查是否输错'
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || !isRealDate(y, m, d)) return '身份证号中的出生日期不正确'
  return undefined
}

/** A zh-CN problem with a name as typed, or undefined. */
export function nameProblem(raw: string): string | undefined {
  const name = raw.trim()
  if (!name) return '请输入姓名'
  if (Array.from(name).length < 2) return '请输入完整姓名'
  if (Array.from(name).length > 50) return '姓名过长'
  if (/[\d<>]/.test(name)) return '姓名不能包含数字或特殊符号'
  return undefined
}
