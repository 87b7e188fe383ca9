/** 消息中心: in-app notifications, read marks, push preferences and platform subscriptions (issue 12 contract, "Notifications"). */
import { request, withQuery } from '../../shared/api/client'
import type { AppNotification, NotificationPreference, PushInfo, SubscriptionAnswer } from './notifications'

export interface NotificationPage {
  notifications: AppNotification[]
  unread: number
  cursor?: string
}

export async function getNotifications(cursor?: string, limit = 20): Promise<NotificationPage> {
  const path = withQuery('/v1/notifications', cursor ? `cursor=${encodeURIComponent(cursor)}` : '', `limit=${limit}`)
  const res = await request<Partial<NotificationPage> | null>('GET', path)
  return {
    notifications: Array.isArray(res?.notifications) ? res.notifications : [],
    unread: typeof res?.unread === 'number' ? res.unread : 0,
    cursor: res?.cursor || undefined,
  }
}

export async function markNotificationRead(id: string): Promise<void> {
  await request<unknown>('POST', `/v1/notifications/${encodeURIComponent(id)}/read`)
}

export async function markAllNotificationsRead(): Promise<void> {
  await request<unknown>('POST', '/v1/notifications/read-all')
}

export interface NotificationPreferences {
  preferences: NotificationPreference[]
  push: PushInfo
}

function preferencesOf(res: Partial<NotificationPreferences> | null): NotificationPreferences {
  const push = res?.push
  return {
    preferences: Array.isArray(res?.preferences) ? res.preferences : [],
    push: {
      platform: typeof push?.platform === 'string' ? push.platform : 'none',
      templateIds: Array.isArray(push?.templateIds) ? push.templateIds.filter((t) => typeof t === 'string') : [],
    },
  }
}

export async function getNotificationPreferences(): Promise<NotificationPreferences> {
  return preferencesOf(await request<Partial<NotificationPreferences> | null>('GET', '/v1/notifications/preferences'))
}

export async function putNotificationPreferences(preferences: Array<{ kind: string; push: boolean }>): Promise<NotificationPreferences> {
  return preferencesOf(await request<Partial<NotificationPreferences> | null>('PUT', '/v1/notifications/preferences', { preferences }))
}

/** The platform's answer to the subscription request: one-time send quota per accepted template. */
export async function postSubscriptions(results: Record<string, SubscriptionAnswer>): Promise<void> {
  await request<unknown>('POST', '/v1/notifications/subscriptions', { results })
}
