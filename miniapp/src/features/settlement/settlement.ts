/**
 * Words for settlements, items and times, shared by the payment, records and detail
 * pages. Pure: no Taro.
 */
import { formatFen } from './money'

export const SETTLEMENT_STATUS_TEXT: Record<string, string> = {
  awaiting_confirmation: '待确认',
  confirmed: '已确认，待结算',
  settled: '已结算',
  cancelled: '已取消',
  reversed: '已冲正',
}

export function settlementStatusText(status: string): string {
  return SETTLEMENT_STATUS_TEXT[status] ?? '状态未知'
}

/** The settlement will not change any more. */
export function isFinalStatus(status: string): boolean {
  return status === 'settled' || status === 'cancelled' || status === 'reversed'
}

/** Medical insurance item classes: 甲类 fully eligible, 乙类 partly, 丙类 self-paid. */
export const ITEM_CLASS_TEXT: Record<string, string> = { A: '甲类', B: '乙类', C: '丙类' }

export function itemClassText(c: string): string {
  return ITEM_CLASS_TEXT[c] ?? c
}

/** A quantity as typed on a bill: 2 → "2", 0.5 → "0.5". */
export function quantityText(q: number): string {
  return Number.isInteger(q) ? String(q) : String(Math.round(q * 1000) / 1000)
}

/** Line total in fen, rounded to the fen. */
export function lineTotal(item: { quantity: number; unitPrice: number }): number {
  return Math.round(item.quantity * item.unitPrice)
}

function chinaParts(iso: string | undefined): string | undefined {
  if (!iso) return undefined
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return undefined
  // China Standard Time has no daylight saving: UTC+8 all year.
  return new Date(t + 8 * 3600 * 1000).toISOString()
}

/** "2026-07-01 14:05" in China Standard Time. */
export function chinaDateTime(iso: string | undefined): string {
  const s = chinaParts(iso)
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : ''
}

/** "14:05" in China Standard Time. */
export function chinaTime(iso: string | undefined): string {
  const s = chinaParts(iso)
  return s ? s.slice(11, 16) : ''
}

/** 7000 basis points → "70%". */
export function ratioText(bp: number): string {
  const pct = bp / 100
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`
}

/** The payment page's status line once the bill is no longer waiting for the PIN. */
export function paymentStatusLine(s: { status: string; split: { personalAccount: number } }, elder: boolean): string {
  if (s.status === 'confirmed') return elder ? '等待机构结算' : '已确认，等待医药机构完成结算…'
  if (s.status === 'settled') {
    return s.split.personalAccount > 0 ? `结算完成，个人账户已支付 ${formatFen(s.split.personalAccount)}` : '结算完成'
  }
  return settlementStatusText(s.status)
}

/** The times a settlement has, labelled, in order (those it does not have left out). */
export function settlementTimes(s: {
  createdAt?: string
  settledAt?: string
  reversedAt?: string
  cancelledAt?: string
}): Array<[string, string]> {
  const times: Array<[string, string | undefined]> = [
    ['发起时间', s.createdAt],
    ['结算时间', s.settledAt],
    ['冲正时间', s.reversedAt],
    ['取消时间', s.cancelledAt],
  ]
  return times.filter((t): t is [string, string] => !!t[1])
}

/** Account entries newest first, each once (a page boundary may repeat one). */
export function mergeTransactions<T extends { entry: string; at: string }>(list: T[], more: T[]): T[] {
  const seen = new Set(list.map((t) => t.entry))
  const out = [...list, ...more.filter((t) => !seen.has(t.entry))]
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}

/**
 * Why the pooled fund (统筹基金) pays what it pays, in plain words for elder mode: the
 * 起付线, 乙类自付, 丙类自费 and 封顶线 parts of this bill, then the share it pays of the
 * rest. Empty without a breakdown or when nothing was held back.
 */
export function pooledFundReasons(
  pooledFund: number,
  b: { deductibleApplied: number; classBSelfPay: number; classC: number; overCap: number; reimbursementBp: number } | undefined,
): string[] {
  if (!b) return []
  const out: string[] = []
  if (b.deductibleApplied > 0) {
    out.push(`起付线：每年看病要先自己付满一定金额，医保才开始报销。这次有 ${formatFen(b.deductibleApplied)} 算在起付线里，由您自己付。`)
  }
  if (b.classBSelfPay > 0) out.push(`乙类自付：乙类药品和项目要先自己付一部分，这次是 ${formatFen(b.classBSelfPay)}。`)
  if (b.classC > 0) out.push(`丙类自费：丙类药品和项目医保不报销，这次是 ${formatFen(b.classC)}。`)
  if (b.overCap > 0) out.push(`封顶线：超过医保一年最多报销的金额，这次有 ${formatFen(b.overCap)}。`)
  if (out.length === 0) return []
  if (pooledFund > 0 && b.reimbursementBp > 0) out.push(`其余部分，统筹基金报销 ${ratioText(b.reimbursementBp)}。`)
  return out
}

/** The heading of `pooledFundReasons`: why ¥0.00 when the fund pays nothing. */
export function pooledFundReasonsTitle(pooledFund: number): string {
  return pooledFund === 0 ? `为什么统筹基金支付 ${formatFen(0)}？` : '统筹基金为什么没有全部报销？'
}
