/** 用卡记录: every use of the card, newest first (issue 12 contract, "Usage log"). */
import { request, withQuery } from '../../shared/api/client'
import type { UsageEntry } from './usage'

export interface UsagePage {
  entries: UsageEntry[]
  cursor?: string
}

export async function getUsage(cursor?: string, limit = 20): Promise<UsagePage> {
  const path = withQuery('/v1/cards/me/usage', cursor ? `cursor=${encodeURIComponent(cursor)}` : '', `limit=${limit}`)
  const res = await request<Partial<UsagePage> | null>('GET', path)
  return { entries: Array.isArray(res?.entries) ? res.entries : [], cursor: res?.cursor || undefined }
}
