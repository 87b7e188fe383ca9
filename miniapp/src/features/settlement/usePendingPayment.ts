/**
 * A payment left waiting (the holder went back from the payment page, or the page never
 * opened): home's 有一笔待确认的支付 row, to pay?id=. A row, not a page: failures show nothing.
 */
import { useCallback, useState } from 'react'
import { getPendingSettlements } from './api'

export function usePendingPayment() {
  const [pendingId, setPendingId] = useState<string | undefined>()
  const load = useCallback(async () => {
    try {
      const waiting = (await getPendingSettlements()).filter(
        (s) => s.status === 'awaiting_confirmation' && (!s.confirmBy || Date.parse(s.confirmBy) > Date.now()),
      )
      setPendingId(waiting[0]?.id)
    } catch {
      setPendingId(undefined)
    }
  }, [])
  const clear = useCallback(() => setPendingId(undefined), [])
  return { pendingId, load, clear }
}
