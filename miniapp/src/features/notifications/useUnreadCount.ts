/** The unread notification count for home's 消息中心 badge. A badge, not a page: failures show nothing. */
import { useCallback, useState } from 'react'
import { getNotifications } from './api'

export function useUnreadCount() {
  const [unread, setUnread] = useState(0)
  const load = useCallback(async () => {
    try {
      setUnread((await getNotifications(undefined, 1)).unread)
    } catch {
      setUnread(0)
    }
  }, [])
  const clear = useCallback(() => setUnread(0), [])
  return { unread, load, clear }
}
