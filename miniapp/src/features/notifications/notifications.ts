/** Words and rules of the message centre (消息中心). Pure: no Taro. */

export interface AppNotification {
  id: string
  kind: string
  title: string
  body: string
  at: string
  readAt?: string
  /** An app path, e.g. /pages/bill/index?id=… */
  link?: string
}

export interface NotificationPreference {
  kind: string
  label: string
  push: boolean
}

export interface PushInfo {
  platform: string
  templateIds: string[]
}

export type SubscriptionAnswer = 'accept' | 'reject' | 'ban'

/** WeChat and Alipay take at most three template ids per subscription request. */
export const MAX_TEMPLATES_PER_REQUEST = 3

/** The badge text for an unread count: nothing at 0, "99+" past 99. */
export function unreadBadge(unread: number): string {
  if (!(unread > 0)) return ''
  return unread > 99 ? '99+' : String(Math.floor(unread))
}

/** A notification's `link` when it is a page of this app (nothing else is followed). */
export function appLink(link: string | undefined): string | undefined {
  if (!link) return undefined
  return /^\/pages\/[a-z0-9-]+\/index(\?[^#\s]*)?$/.test(link) ? link : undefined
}

/** The list with one notification marked read (at `at`), the unread count following. */
export function markRead(list: AppNotification[], id: string, at: string): AppNotification[] {
  return list.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: at } : n))
}

export function markAllRead(list: AppNotification[], at: string): AppNotification[] {
  return list.map((n) => (n.readAt ? n : { ...n, readAt: at }))
}


/** The template ids one request asks for (the first three the server named, no duplicates or blanks). */
export function templatesToRequest(templateIds: readonly string[] | undefined): string[] {
  const out: string[] = []
  for (const id of templateIds ?? []) {
    if (typeof id === 'string' && id && !out.includes(id)) out.push(id)
    if (out.length === MAX_TEMPLATES_PER_REQUEST) break
  }
  return out
}

/**
 * What the platform answered, per template id, as `POST /v1/notifications/subscriptions`
 * takes it: WeChat's (and Alipay's) `{<id>: 'accept' | 'reject' | 'ban' | 'filter'}`, or
 * Alipay's `result` lists. 'filter' (a duplicate title WeChat filtered) and anything
 * unknown are left out: no quota was granted and none refused.
 */
export function subscriptionResults(requested: readonly string[], answer: unknown): Record<string, SubscriptionAnswer> {
  const out: Record<string, SubscriptionAnswer> = {}
  if (!answer || typeof answer !== 'object') return out
  const a = answer as Record<string, unknown>
  for (const id of requested) {
    const v = a[id]
    if (v === 'accept' || v === 'reject' || v === 'ban') out[id] = v
  }
  const result = a.result as { subscribedEntityIds?: unknown; subscribeEntityIds?: unknown; unsubscribedEntityIds?: unknown } | undefined
  if (result && typeof result === 'object') {
    const listed = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
    const accepted = new Set([...listed(result.subscribedEntityIds), ...listed(result.subscribeEntityIds)])
    const refused = new Set(listed(result.unsubscribedEntityIds))
    for (const id of requested) {
      if (out[id]) continue
      if (accepted.has(id)) out[id] = 'accept'
      else if (refused.has(id)) out[id] = 'reject'
    }
  }
  return out
}

/** The preference list with one kind's push switched. */
export function withPush(prefs: NotificationPreference[], kind: string, push: boolean): NotificationPreference[] {
  return prefs.map((p) => (p.kind === kind ? { ...p, push } : p))
}
