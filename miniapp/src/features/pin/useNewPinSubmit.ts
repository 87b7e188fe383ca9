/**
 * The last step of the PIN change and the reset: the confirmed new PIN sent. Busy while it
 * goes; a refusal goes where `pinRefusal` says: to the page's own handler for it (`there`:
 * the current PIN, the lock, the face), a refusal of the new PIN (a rule, unchanged) to
 * the first entry again with the server's words, anything else (network, 5xx) to `error`,
 * the two entries kept to be sent again.
 */
import { useState } from 'react'
import { PIN_LENGTH } from '../../shared/pin'
import { newPinRefusal } from './api'
import type { PinRefusal } from './pinEntry'
import type { NewPin } from './useNewPin'

export type RefusalHandlers = Partial<Record<Exclude<PinRefusal, 'new' | 'other'>, (message: string, err: unknown) => void>>

export function useNewPinSubmit(next: NewPin) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  return {
    busy,
    error,
    setError,
    /** Whether the confirmation is complete and nothing is being sent. */
    ready: !busy && next.pin2.length === PIN_LENGTH,
    /** `send` with the new PIN, once both entries agree (else the first entry again, with why). */
    submit: async (send: (pin: string) => Promise<void>, there: RefusalHandlers) => {
      if (busy || next.pin2.length !== PIN_LENGTH) return
      const newPin = next.confirmed()
      if (!newPin) return
      setBusy(true)
      setError(undefined)
      try {
        await send(newPin)
      } catch (err) {
        const { where, message } = newPinRefusal(err)
        const handler = where === 'new' || where === 'other' ? undefined : there[where]
        if (handler) handler(message, err)
        else if (where === 'new') next.restart(message)
        else setError(message)
      } finally {
        setBusy(false)
      }
    },
  }
}
