/**
 * 消息中心: the holder's notifications, newest first, a page at a time; a tap marks one
 * read and follows its link; 全部已读.
 */
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { errorCode, errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getNotifications, markAllNotificationsRead, markNotificationRead } from './api'
import { appendNotifications, appLink, markAllRead, markRead, type AppNotification } from './notifications'

const PAGE_SIZE = 20

export type NotificationsScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; notifications: AppNotification[]; unread: number; cursor?: string }

export function useNotifications() {
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()
  const [allBusy, setAllBusy] = useState(false)
  const { screen, setScreen, load } = useLoadOnShow<NotificationsScreen>(
    async () => {
      const page = await getNotifications(undefined, PAGE_SIZE)
      setMoreError(undefined)
      return { kind: 'loaded', notifications: page.notifications, unread: page.unread, cursor: page.notifications.length > 0 ? page.cursor : undefined }
    },
    (err) => ({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' }),
  )

  const loadMore = async () => {
    if (screen.kind !== 'loaded' || !screen.cursor || moreBusy) return
    const shown = screen
    setMoreBusy(true)
    setMoreError(undefined)
    try {
      const page = await getNotifications(shown.cursor, PAGE_SIZE)
      setScreen({
        kind: 'loaded',
        notifications: appendNotifications(shown.notifications, page.notifications),
        unread: page.unread,
        cursor: page.notifications.length > 0 ? page.cursor : undefined,
      })
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setMoreBusy(false)
    }
  }

  /** A tap: marked read (on the server, then here), then its page when it links to one. */
  const open = async (n: AppNotification) => {
    setActionError(undefined)
    if (!n.readAt && screen.kind === 'loaded') {
      const now = new Date().toISOString()
      setScreen({ ...screen, notifications: markRead(screen.notifications, n.id, now), unread: Math.max(0, screen.unread - 1) })
      try {
        await markNotificationRead(n.id)
      } catch (err) {
        // Shown read here; the next load says what the server kept.
        setActionError(errorMessage(err))
      }
    }
    const link = appLink(n.link)
    if (link) void Taro.navigateTo({ url: link })
  }

  const readAll = async () => {
    if (screen.kind !== 'loaded' || allBusy) return
    setAllBusy(true)
    setActionError(undefined)
    try {
      await markAllNotificationsRead()
      setScreen({ ...screen, notifications: markAllRead(screen.notifications, new Date().toISOString()), unread: 0 })
    } catch (err) {
      setActionError(errorMessage(err))
    } finally {
      setAllBusy(false)
    }
  }

  return { screen, load, loadMore, moreBusy, moreError, open, readAll, allBusy, actionError }
}
