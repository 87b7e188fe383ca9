/** Kinds and periods of a proof (参保证明 / 缴费证明). Pure: no Taro. */

export type ProofKind = 'insurance' | 'contributions'

export const PROOF_KINDS: ReadonlyArray<{ kind: ProofKind; label: string; hint: string }> = [
  { kind: 'insurance', label: '参保证明', hint: '证明各险种的参保状态，常用于贷款、入学、购房' },
  { kind: 'contributions', label: '缴费证明', hint: '列出所选期间每月的缴费明细' },
]

export function proofKindText(kind: ProofKind): string {
  return PROOF_KINDS.find((k) => k.kind === kind)?.label ?? '证明'
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: string | undefined): value is string {
  return typeof value === 'string' && MONTH.test(value)
}

/** The month (YYYY-MM) of an instant in China Standard Time (UTC+8 all year). */
export function chinaMonth(now: number): string {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 7)
}

/** `month` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const m = MONTH.exec(month)
  if (!m) return month
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + delta
  const year = Math.floor(index / 12)
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** "2025年1月" */
export function monthLabel(month: string): string {
  const m = MONTH.exec(month)
  return m ? `${m[1]}年${Number(m[2])}月` : month
}

/** The months a period can start or end in, newest first: this month back `years` years. */
export function monthOptions(nowMonth: string, years = 40): string[] {
  const out: string[] = []
  for (let i = 0; i < years * 12; i++) out.push(addMonths(nowMonth, -i))
  return out
}

export interface Period {
  from: string
  to: string
}

export type PresetId = '12m' | '36m' | 'this-year' | 'last-year'

/** Common periods, for a tap instead of two pickers. */
export function periodPresets(nowMonth: string): ReadonlyArray<{ id: PresetId; label: string; period: Period }> {
  const year = Number(nowMonth.slice(0, 4))
  return [
    { id: '12m', label: '近一年', period: { from: addMonths(nowMonth, -11), to: nowMonth } },
    { id: '36m', label: '近三年', period: { from: addMonths(nowMonth, -35), to: nowMonth } },
    { id: 'this-year', label: '今年', period: { from: `${year}-01`, to: nowMonth } },
    { id: 'last-year', label: '去年', period: { from: `${year - 1}-01`, to: `${year - 1}-12` } },
  ]
}

/** Why a period cannot be asked for (the server checks again, also against the first contribution). */
export function periodProblem(p: Period, nowMonth: string): string | undefined {
  if (!isMonth(p.from) || !isMonth(p.to)) return '请选择起止月份'
  if (p.to < p.from) return '结束月份不能早于开始月份'
  if (p.to > nowMonth) return '不能选择未来的月份'
  return undefined
}
