/**
 * Words for settlements, items and times, shared by the payment, records and detail
 * pages. Pure: no Taro.
 */

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
