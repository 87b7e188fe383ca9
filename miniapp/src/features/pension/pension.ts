/**
 * Pension eligibility certification (待遇资格认证) words and China-time dates. Pure: no Taro.
 */
export type PensionStatus = 'certified' | 'due' | 'overdue' | 'not_applicable' | 'under_review'

/** GET /v1/pension-certification (and the answer of a certification). */
export interface PensionView {
  status: PensionStatus
  certifiedAt?: string
  validUntil?: string
  dueAt?: string
  reviewId?: string
}

export const PENSION_STATUS_TEXT: Record<PensionStatus, string> = {
  certified: '已认证',
  due: '待认证',
  overdue: '已逾期',
  not_applicable: '无需认证',
  under_review: '人工审核中',
}

export function pensionStatusText(status: string): string {
  return (PENSION_STATUS_TEXT as Record<string, string>)[status] ?? '状态未知'
}

/** "2026年7月1日": the calendar date of an instant in China Standard Time (UTC+8 all year). */
export function chinaDateText(iso: string | undefined): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const d = new Date(t + 8 * 3600 * 1000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** Whether a new certification can be started from this status. */
export function canCertify(status: string): boolean {
  return status === 'certified' || status === 'due' || status === 'overdue' || status === 'under_review'
}

/** One sentence on what the holder should do, for the status card. */
export function pensionAdvice(view: PensionView, elder = false): string {
  const validUntil = chinaDateText(view.validUntil)
  switch (view.status) {
    case 'certified':
      return elder ? `有效期到${validUntil}` : `本年度已完成认证，有效期至${validUntil}，到期前30天可再次认证`
    case 'due':
      if (!view.validUntil) return elder ? '请刷脸认证' : '请完成本年度认证，刷脸即可，无需到社保经办机构'
      return elder ? `请在${validUntil}前刷脸认证` : `认证将于${validUntil}到期，请在此之前刷脸完成认证`
    case 'overdue':
      return elder ? '已过期，请马上认证' : `认证已于${validUntil}到期，请尽快刷脸认证，以免影响养老金发放`
    case 'under_review':
      return elder ? '人工审核中，请等待结果' : '刷脸未通过，已转人工审核，审核结果将通知您；也可稍后再次刷脸认证'
    case 'not_applicable':
      return '待遇资格认证仅适用于领取养老金的退休人员'
    default:
      return ''
  }
}

/**
 * The home page's one-line reminder (short, for elders too), or undefined when there is
 * nothing to remind of (certified, not_applicable, unknown).
 */
export function pensionReminder(view: Pick<PensionView, 'status' | 'validUntil'>): string | undefined {
  switch (view.status) {
    case 'due': {
      const validUntil = chinaDateText(view.validUntil)
      // Due is not expired: the same words as the pension page (认证将于…到期 / 请完成本年度认证).
      return validUntil ? `待遇资格认证将于${validUntil}到期，请在此之前完成认证` : '请完成本年度待遇资格认证'
    }
    case 'overdue':
      return '待遇资格认证已逾期，养老金可能暂停发放，请尽快认证'
    case 'under_review':
      return '待遇资格认证人工审核中'
    default:
      return undefined
  }
}
