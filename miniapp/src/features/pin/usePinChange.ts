/**
 * 修改密码: the current PIN, then a new one twice (under the PIN rules), then
 * `PUT /v1/cards/me/pin`. A wrong current PIN (it counts toward the lock) asks for it
 * again with the tries left; a locked PIN (pin_locked) ends here with the reset by face.
 */
import { useState } from 'react'
import { ApiError } from '../../shared/api/client'
import { changePin } from './api'
import { PIN_SAME_AS_CURRENT } from './pinEntry'
import { useNewPin } from './useNewPin'
import { useNewPinSubmit } from './useNewPinSubmit'

export type PinChangePhase = 'current' | 'new' | 'confirm' | 'locked' | 'done'

export function usePinChange() {
  const [step, setStep] = useState<'current' | 'entry' | 'locked' | 'done'>('current')
  const [current, setCurrent] = useState('')
  const [currentError, setCurrentError] = useState<{ message: string; attemptsLeft?: number } | undefined>()
  const [lockedMessage, setLockedMessage] = useState<string | undefined>()
  const next = useNewPin()
  const sending = useNewPinSubmit(next)

  const phase: PinChangePhase = step === 'entry' ? next.phase : step

  const restart = () => {
    setCurrent('')
    setCurrentError(undefined)
    sending.setError(undefined)
    next.restart()
    setStep('current')
  }

  // A rule or an unchanged PIN: the new one again; network or server trouble: the two entries stay, to be sent again.
  const submit = () =>
    sending.submit(
      async (newPin) => {
        await changePin(current, newPin)
        setStep('done')
      },
      {
        current: (message, err) => {
          restart()
          setCurrentError({ message, attemptsLeft: err instanceof ApiError ? err.extra.attemptsLeft : undefined })
        },
        locked: (message) => {
          setLockedMessage(message)
          setStep('locked')
        },
      },
    )

  return {
    phase,
    busy: sending.busy,
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
    submitError: sending.error,
    lockedMessage,
    restart,
  }
}
