/**
 * Home: the holder's card (or that none is claimed here), loaded on every show. With a
 * usable card the offline code batch is kept fresh and the pension certification is
 * asked for the reminder banner; any claimed card asks the unread notification count for
 * the 消息中心 badge; with no network the kept offline codes can still be shown.
 */
import { ApiError, errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { usableOfflineCodes } from '../code/dynamicCode'
import { keptBatch, refreshOfflineCodes } from '../code/offlineCodes'
import { usePensionReminder } from '../pension/usePensionReminder'
import { usePendingBills } from '../bills/usePendingBills'
import { useUnreadCount } from '../notifications/useUnreadCount'
import { getMyCard, type Card } from './api'

export type HomeScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; offlineCode?: boolean }
  | { kind: 'unclaimed' }
  | { kind: 'card'; card: Card }

export function useHomeCard() {
  const { pension, load: loadPension, clear: clearPension } = usePensionReminder()
  const { count: pendingBills, load: loadBills, clear: clearBills } = usePendingBills()
  const { unread, load: loadUnread, clear: clearUnread } = useUnreadCount()
  const { screen: view, load } = useLoadOnShow<HomeScreen>(
    async () => {
      const card = await getMyCard()
      if (card?.status === 'normal') {
        // Keep a fresh offline code batch, so the code page works without network too.
        void refreshOfflineCodes()
        // The yearly pension certification reminder, as the card goes on screen.
        void loadPension()
        // Bills a hospital or pharmacy pushed, waiting for payment.
        void loadBills()
      } else {
        clearPension()
        clearBills()
      }
      // The message centre's unread count, for its badge (any claimed card: a loss report is news too).
      if (card) void loadUnread()
      else clearUnread()
      return card ? { kind: 'card', card } : { kind: 'unclaimed' }
    },
    (err) => {
      clearPension()
      clearUnread()
      // No network: the kept offline codes can still be shown.
      const offlineCode = err instanceof ApiError && err.isNetwork && usableOfflineCodes(keptBatch(), Date.now()).length > 0
      return { kind: 'error', message: errorMessage(err), offlineCode }
    },
  )

  return { view, pension, pendingBills, unread, load }
}
