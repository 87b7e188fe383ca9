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
import { useInvitationCount } from '../family/useInvitationCount'
import { usePendingPayment } from '../settlement/usePendingPayment'
import { useRelativeCodes } from '../family/useRelativeCodes'
import { getMyCard, type Card } from './api'

export type HomeScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; offlineCode?: boolean }
  | { kind: 'unclaimed' }
  | { kind: 'card'; card: Card }

/** `elder`: elder mode also lists the relatives whose code can be shown (one tap from home). */
export function useHomeCard(elder = false) {
  const { pension, load: loadPension, clear: clearPension } = usePensionReminder()
  const { count: pendingBills, load: loadBills, clear: clearBills } = usePendingBills()
  const { unread, load: loadUnread, clear: clearUnread } = useUnreadCount()
  const { pendingId: pendingPaymentId, load: loadPayment, clear: clearPayment } = usePendingPayment()
  const { invitations, load: loadInvitations, clear: clearInvitations } = useInvitationCount()
  const { relatives, load: loadRelatives, clear: clearRelatives } = useRelativeCodes()
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
        // A payment the holder left waiting (back from the payment page): still reachable here.
        void loadPayment()
        if (elder) void loadRelatives()
        else clearRelatives()
      } else {
        clearRelatives()
        clearPension()
        clearBills()
        clearPayment()
      }
      // The message centre's unread count, for its badge (any claimed card: a loss report is news too),
      // and family invitations waiting for this holder's answer.
      if (card) {
        void loadUnread()
        void loadInvitations()
      } else {
        clearUnread()
        clearInvitations()
      }
      return card ? { kind: 'card', card } : { kind: 'unclaimed' }
    },
    (err) => {
      clearPension()
      clearUnread()
      clearPayment()
      clearInvitations()
      clearRelatives()
      // No network: the kept offline codes can still be shown.
      const offlineCode = err instanceof ApiError && err.isNetwork && usableOfflineCodes(keptBatch(), Date.now()).length > 0
      return { kind: 'error', message: errorMessage(err), offlineCode }
    },
  )

  return { view, pension, pendingBills, unread, pendingPaymentId, invitations, relatives, load }
}
