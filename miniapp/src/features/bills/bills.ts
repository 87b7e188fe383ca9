/** Words and rules of the bill and filing pages (pure). */
import type { BillStatus, FilingKind } from './api'

const STATUS: Record<BillStatus, string> = {
  awaiting_payment: '待支付',
  paying: '支付中',
  paid: '已支付',
  partially_refunded: '部分退款',
  refunded: '已退款',
  withdrawn: '已撤销',
  expired: '已过期',
}

export function billStatusText(status: string): string {
  return STATUS[status as BillStatus] ?? status
}

export const isPayable = (status: string) => status === 'awaiting_payment'

export const FILING_KINDS: { kind: FilingKind; name: string; longStay: boolean }[] = [
  { kind: 'resettled_retiree', name: '异地安置退休人员', longStay: true },
  { kind: 'long_term_resident', name: '异地长期居住人员', longStay: true },
  { kind: 'posted_worker', name: '常驻异地工作人员', longStay: true },
  { kind: 'referral', name: '转诊转院人员', longStay: false },
  { kind: 'emergency', name: '异地急诊抢救人员', longStay: false },
  { kind: 'temporary', name: '其他临时外出就医人员', longStay: false },
]

export function filingKindText(kind: string): string {
  return FILING_KINDS.find((k) => k.kind === kind)?.name ?? kind
}

export function filingStatusText(status: string): string {
  return status === 'effective' ? '已生效' : status === 'cancelled' ? '已取消' : status === 'expired' ? '已过期' : status
}

/** The last day of a period of `months` months from `date` (YYYY-MM-DD), as the server counts it. */
export function lastDayAfterMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + months
  const d = Number(date.slice(8, 10))
  const target = new Date(Date.UTC(y, m, 1))
  const days = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d, days))
  target.setUTCDate(target.getUTCDate() - 1)
  return target.toISOString().slice(0, 10)
}

/** Today in China (UTC+8), YYYY-MM-DD. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The insuring regions a filing may name (the server's reference list). */
export const REGIONS: { code: string; name: string }[] = [
  ['110100', '北京市'], ['120100', '天津市'], ['130100', '石家庄市'], ['140100', '太原市'], ['210100', '沈阳市'], ['210200', '大连市'],
  ['230100', '哈尔滨市'], ['310100', '上海市'], ['320100', '南京市'], ['320500', '苏州市'], ['330100', '杭州市'], ['330200', '宁波市'],
  ['340100', '合肥市'], ['350200', '厦门市'], ['370200', '青岛市'], ['410100', '郑州市'], ['420100', '武汉市'], ['430100', '长沙市'],
  ['440100', '广州市'], ['440300', '深圳市'], ['500100', '重庆市'], ['510100', '成都市'], ['530100', '昆明市'], ['610100', '西安市'],
].map(([code, name]) => ({ code: code!, name: name! }))
