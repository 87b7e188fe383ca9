/**
 * Contribution records (缴费记录): insurance type words, months in Chinese and the list
 * grouped by month. Pure: no Taro. Types and record fields follow
 * functions/domain/contributions.ts.
 */
export type InsuranceType = 'pension' | 'medical' | 'unemployment' | 'work_injury' | 'maternity'

/** One insurance in one month (GET /v1/records/contributions). */
export interface ContributionRecord {
  type: InsuranceType
  /** YYYY-MM */
  month: string
  /** Contribution base in fen (0 for resident schemes). */
  base: number
  employerAmount: number
  personalAmount: number
  status: 'paid' | 'arrears'
  payer: string
}

export type ContributionTab = 'all' | InsuranceType

export const CONTRIBUTION_TABS: ReadonlyArray<{ type: ContributionTab; label: string }> = [
  { type: 'all', label: '全部' },
  { type: 'pension', label: '养老' },
  { type: 'medical', label: '医疗' },
  { type: 'unemployment', label: '失业' },
  { type: 'work_injury', label: '工伤' },
  { type: 'maternity', label: '生育' },
]

export const INSURANCE_TEXT: Record<InsuranceType, string> = {
  pension: '养老保险',
  medical: '医疗保险',
  unemployment: '失业保险',
  work_injury: '工伤保险',
  maternity: '生育保险',
}

export function insuranceText(type: string): string {
  return (INSURANCE_TEXT as Record<string, string>)[type] ?? type
}

/** "2026-05" → "2026年5月". */
export function monthText(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  return m ? `${m[1]}年${Number(m[2])}月` : month
}

export interface MonthGroup {
  month: string
  items: ContributionRecord[]
}

/** Records in list order (newest month first) as consecutive month groups. */
export function groupByMonth(items: readonly ContributionRecord[]): MonthGroup[] {
  const groups: MonthGroup[] = []
  for (const item of items) {
    const last = groups[groups.length - 1]
    if (last && last.month === item.month) last.items.push(item)
    else groups.push({ month: item.month, items: [item] })
  }
  return groups
}

/** A record's key: one record per insurance and month. */
export function recordKey(r: Pick<ContributionRecord, 'type' | 'month'>): string {
  return `${r.month}|${r.type}`
}

/** The next page appended, each record once (a page boundary may repeat one). */
export function appendPage(list: readonly ContributionRecord[], more: readonly ContributionRecord[]): ContributionRecord[] {
  const seen = new Set(list.map(recordKey))
  return [...list, ...more.filter((r) => !seen.has(recordKey(r)))]
}

/** Employer plus personal share, in fen. */
export function recordTotal(r: Pick<ContributionRecord, 'employerAmount' | 'personalAmount'>): number {
  return (r.employerAmount || 0) + (r.personalAmount || 0)
}
