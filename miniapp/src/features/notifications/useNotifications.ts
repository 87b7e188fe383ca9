/**
 * 消息中心: the holder's notifications, newest first, a page at a time; a tap marks one
 * read and follows its link; 全部已读.
 */
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { errorMessage } from '../../shared/api/client'
import { usePagedList } from '../../shared/pagedList'
import { getNotifications, markAllNotificationsRead, markNotificationRead, type NotificationPage } from './api'
import { appendById } from '../../shared/appendById'
import { appLink, markAllRead, markRead, type AppNotification } from './notifications'

const PAGE_SIZE = 20

export function useNotifications() {
  const [actionError, setActionError] = useState<string | undefined>()
  const [allBusy, setAllBusy] = useState(false)
  const { screen, setScreen, load, loadMore, moreBusy, moreError } = usePagedList<
    { notifications: AppNotification[]; unread: number },
    NotificationPage
  >(
    (cursor) => getNotifications(cursor, PAGE_SIZE),
    (page, before) => ({
      kind: 'loaded',
      notifications: before ? appendById(before.notifications, page.notifications) : page.notifications,
      unread: page.unread,
      cursor: page.notifications.length > 0 ? page.cursor : undefined,
    }),
  )

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
