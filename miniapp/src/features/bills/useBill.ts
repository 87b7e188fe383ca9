/** 账单详情: one bill, loaded on every show (back from the cashier: the server has asked the provider), and paying it. */
import { useState } from 'react'
import { ApiError, errorMessage, isPinLocked } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getBill, payBill } from './api'
import type { Bill } from './api'
import { openCashier } from './cashier'

export type BillScreen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; bill: Bill }

export function useBill(rawId: string | undefined) {
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [payError, setPayError] = useState<string | undefined>()
  /** The last refusal was pin_locked: the page offers the reset by face instead of the pad. */
  const [pinLocked, setPinLocked] = useState(false)
  const { screen, load, setScreen } = useLoadOnShow<BillScreen>(
    async () => {
      if (!rawId) return { kind: 'error', message: '未找到该账单' }
      return { kind: 'loaded', bill: await getBill(decodeURIComponent(rawId)) }
    },
    (err) => ({ kind: 'error', message: errorMessage(err) }),
  )

  const submit = async (value: string) => {
    if (screen.kind !== 'loaded' || busy) return
    const bill = screen.bill
    setBusy(true)
    setPayError(undefined)
    setPinLocked(false)
    try {
      const after = await payBill(bill.id, value, bill.splitVersion, bill.split.cash > 0)
      setScreen({ kind: 'loaded', bill: after })
      setPin('')
      if (after.status === 'paying' && after.payment?.handoff) {
        await openCashier(after.payment.handoff)
        await load()
      }
    } catch (err) {
      setPin('')
      // The split changed (the balance moved): the new one is shown, to be confirmed again.
      if (err instanceof ApiError && (err.code === 'bill_split_changed' || err.code === 'bill_payment_in_progress')) await load()
      setPayError(errorMessage(err))
      setPinLocked(isPinLocked(err))
    } finally {
      setBusy(false)
    }
  }

  /** Back to the cashier of a payment under way (the holder left it). */
  const resume = async () => {
    if (screen.kind !== 'loaded' || !screen.bill.payment?.handoff) return
    await openCashier(screen.bill.payment.handoff)
    await load()
  }

  return { screen, load, pin, setPin, busy, payError, pinLocked, submit, resume }
}
