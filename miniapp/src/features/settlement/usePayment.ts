/**
 * 支付确认: the bill a terminal pre-settled with the holder's code (the route's `id`, or
 * the first one awaiting confirmation), confirmed with the card PIN, then followed until
 * the terminal settles it.
 */
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { ApiError, errorMessage } from '../../shared/api/client'
import { PIN_LENGTH } from '../../shared/pin'
import { confirmSettlement, getPendingSettlements, getSettlement, type Settlement } from './api'
import { isFinalStatus } from './settlement'

/** After confirming, the page follows the settlement until the terminal settles it. */
const STATUS_POLL_MS = 2_000
const STATUS_POLL_LIMIT_MS = 10 * 60_000

export type PaymentScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'none' }
  | { kind: 'loaded'; settlement: Settlement }

/** What the holder is told when the bill they saw changed before it was paid. */
export const SPLIT_CHANGED_MESSAGE = '账户余额等情况有变化，支付金额已更新，请核对后重新输入密码确认。'

export interface PinError {
  message: string
  attemptsLeft?: number
  /** No more tries here: PIN locked or the confirmation window closed. */
  final?: boolean
  /** The PIN is locked (pin_locked): the page offers the reset by face. */
  locked?: boolean
}

/** `rawId`: the route's `id` as given (decoded when the bill is loaded). */
export function usePayment(rawId: string | undefined) {
  const [screen, setScreen] = useState<PaymentScreen>({ kind: 'loading' })
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [pinError, setPinError] = useState<PinError | undefined>()
  const [confirmed, setConfirmed] = useState(false)
  const loaded = useRef(false)
  const pollTimer = useRef<ReturnType<typeof setInterval> | undefined>()
  const pollUntil = useRef(0)
  const polling = useRef(false)

  const settlementId = (): string | undefined => (rawId ? decodeURIComponent(rawId) : undefined)

  const stopPolling = () => {
    if (pollTimer.current !== undefined) clearInterval(pollTimer.current)
    pollTimer.current = undefined
  }

  const followStatus = (id: string) => {
    stopPolling()
    pollUntil.current = Date.now() + STATUS_POLL_LIMIT_MS
    pollTimer.current = setInterval(async () => {
      if (polling.current) return
      if (Date.now() > pollUntil.current) {
        stopPolling()
        return
      }
      polling.current = true
      try {
        const s = await getSettlement(id)
        setScreen({ kind: 'loaded', settlement: s })
        if (isFinalStatus(s.status)) stopPolling()
        if (s.status === 'awaiting_confirmation') {
          // The terminal could not pay the confirmed split (the balance moved): the bill came
          // back with a new one, which the holder must see and confirm again.
          stopPolling()
          setConfirmed(false)
          setPin('')
          setPinError({ message: SPLIT_CHANGED_MESSAGE })
        }
      } catch {
        // try again on the next tick
      } finally {
        polling.current = false
      }
    }, STATUS_POLL_MS)
  }

  const load = async () => {
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const id = settlementId()
      let s: Settlement | undefined
      if (id) s = await getSettlement(id)
      else s = (await getPendingSettlements()).find((p) => p.status === 'awaiting_confirmation')
      loaded.current = true
      if (!s) {
        setScreen({ kind: 'none' })
        return
      }
      setScreen({ kind: 'loaded', settlement: s })
      if (s.status === 'confirmed') followStatus(s.id)
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }

  useDidShow(() => {
    if (!confirmed) void load()
    else if (screen.kind === 'loaded' && !isFinalStatus(screen.settlement.status)) followStatus(screen.settlement.id)
  })
  useDidHide(stopPolling)
  useUnload(stopPolling)

  /** The 6th digit on the pad: confirms with the PIN. */
  const submit = async (value: string) => {
    if (screen.kind !== 'loaded' || busy || value.length !== PIN_LENGTH) return
    const id = screen.settlement.id
    setBusy(true)
    setPinError(undefined)
    try {
      const s = await confirmSettlement(id, value, screen.settlement.splitVersion)
      setConfirmed(true)
      setScreen({ kind: 'loaded', settlement: s })
      if (!isFinalStatus(s.status)) followStatus(s.id)
    } catch (err) {
      setPin('')
      if (err instanceof ApiError) {
        if (err.code === 'wrong_pin') {
          setPinError({ message: err.message, attemptsLeft: err.extra.attemptsLeft })
        } else if (err.code === 'pin_locked' || err.status === 423) {
          setPinError({ message: err.message, final: true, locked: err.code === 'pin_locked' })
        } else if (err.code === 'split_changed') {
          // Show the new split; the holder confirms that one.
          setPinError({ message: SPLIT_CHANGED_MESSAGE })
          void load()
        } else if (err.code === 'confirmation_expired') {
          setPinError({ message: err.message, final: true })
        } else if (err.status === 409) {
          // Cancelled or confirmed meanwhile: show what it is now.
          setPinError({ message: err.message, final: true })
          void load()
        } else {
          setPinError({ message: err.message })
        }
      } else {
        setPinError({ message: errorMessage(err) })
      }
    } finally {
      setBusy(false)
    }
  }

  return { screen, pin, setPin, busy, pinError, confirmed, load, submit }
}
