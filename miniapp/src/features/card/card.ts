/** Words and dates of the card as the holder sees it. Pure: no Taro. */
import type { CardStatus } from './api'

export const STATUS_TEXT: Record<CardStatus, string> = {
  normal: '正常',
  lost_temporary: '临时挂失',
  lost_formal: '正式挂失',
  cancelled: '已注销',
}

export function statusText(status: string): string {
  return (STATUS_TEXT as Record<string, string>)[status] ?? '状态未知'
}

/** YYYY-MM-DD of an ISO instant, in China Standard Time. */
export function chinaDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return undefined
  return new Date(t + 8 * 3600 * 1000).toISOString().slice(0, 10)
}
