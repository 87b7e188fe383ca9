/**
 * Card PIN rules, checked on the phone for early feedback (the server re-checks):
 * 6 digits, not a run (123456, 654321), not one repeated digit (111111), not taken
 * from the ID number.
 */
export const PIN_LENGTH = 6
export const PIN_RULES = '6位数字，不能是连续或重复数字，不能取自身份证号'

export function pinProblem(pin: string, idNumber?: string): string | undefined {
  if (!/^\d{6}$/.test(pin)) return '密码应为6位数字'
  if (/^(\d)\1{5}$/.test(pin)) return '密码不能是重复数字'
  const digits = pin.split('').map(Number)
  let up = true
  let down = true
  for (let i = 1; i < digits.length; i++) {
    const prev = digits[i - 1] ?? 0
    const cur = digits[i] ?? 0
    if (cur !== prev + 1) up = false
    if (cur !== prev - 1) down = false
  }
  if (up || down) return '密码不能是连续数字'
  if (idNumber && idNumber.toUpperCase().includes(pin)) return '密码不能取自身份证号'
  return undefined
}
