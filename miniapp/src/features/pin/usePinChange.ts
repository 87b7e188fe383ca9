/**
 * 修改密码: the current PIN, then a new one twice (under the PIN rules), then
 * `PUT /v1/cards/me/pin`. A wrong current PIN (it counts toward the lock) asks for it
 * again with the tries left; a locked PIN (pin_locked) ends here with the reset by face.
 */
import { useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { PIN_LENGTH } from '../../shared/pin'
import { changePin } from './api'
import { PIN_SAME_AS_CURRENT, pinRefusal } from './pinEntry'
import { useNewPin } from './useNewPin'

export type PinChangePhase = 'current' | 'new' | 'confirm' | 'locked' | 'done'

export function usePinChange() {
  const [step, setStep] = useState<'current' | 'entry' | 'locked' | 'done'>('current')
  const [current, setCurrent] = useState('')
  const [currentError, setCurrentError] = useState<{ message: string; attemptsLeft?: number } | undefined>()
  const [busy, setBusy] = useState(false)
  const [submitError, setSubmitError] = useState<string | undefined>()
  const [lockedMessage, setLockedMessage] = useState<string | undefined>()
  const next = useNewPin()

  const phase: PinChangePhase = step === 'entry' ? next.phase : step

  const restart = () => {
    setCurrent('')
    setCurrentError(undefined)
    setSubmitError(undefined)
    next.restart()
    setStep('current')
  }

  const submit = async () => {
    if (busy || next.pin2.length !== PIN_LENGTH) return
    const newPin = next.confirmed()
    if (!newPin) return
    setBusy(true)
    setSubmitError(undefined)
    try {
      await changePin(current, newPin)
      setStep('done')
    } catch (err) {
      const message = errorMessage(err)
      const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
      const where = pinRefusal(errorCode(err), fields)
      if (where === 'current') {
        restart()
        setCurrentError({ message, attemptsLeft: err instanceof ApiError ? err.extra.attemptsLeft : undefined })
      } else if (where === 'locked') {
        setLockedMessage(message)
        setStep('locked')
      } else if (where === 'new') {
        next.restart(message)
      } else {
        // Network or server trouble: the two entries stay, the holder may send again.
        setSubmitError(message)
      }
    } finally {
      setBusy(false)
    }
  }

  return {
    phase,
    busy,
    current,
    typeCurrent: (v: string) => {
      setCurrent(v)
      if (v) setCurrentError(undefined)
    },
    /** The 6th digit of the current PIN: on to the new one (the server checks the current one with the change). */
    currentDone: () => {
      next.restart()
      setStep('entry')
    },
    currentError,
    next,
    /** The new PIN's 6th digit: the rules, and not the current one. */
    newDone: (v: string) => next.newDone(v, (pin) => (pin === current ? PIN_SAME_AS_CURRENT : undefined)),
    submit,
    submitError,
    lockedMessage,
    restart,
  }
}
