/**
 * A new card PIN typed twice on the PIN pad, checked against the PIN rules on the phone
 * (the server checks again, with the ID number): the change and the reset page both.
 */
import { useState } from 'react'
import { pinProblem } from '../../shared/pin'
import { PIN_MISMATCH, type NewPinPhase } from './pinEntry'

export function useNewPin() {
  const [phase, setPhase] = useState<NewPinPhase>('new')
  const [pin1, setPin1] = useState('')
  const [pin2, setPin2] = useState('')
  const [error, setError] = useState<string | undefined>()

  /** Back to the first entry, with why (or nothing). */
  const restart = (message?: string) => {
    setPin1('')
    setPin2('')
    setPhase('new')
    setError(message)
  }

  return {
    phase,
    pin1,
    pin2,
    error,
    setError,
    restart,
    typeNew: (v: string) => {
      setPin1(v)
      if (v) setError(undefined)
    },
    /** The 6th digit of the new PIN: the rules (and `extra`, e.g. "not the current one"), then the confirmation. */
    newDone: (v: string, extra?: (pin: string) => string | undefined) => {
      const problem = pinProblem(v) ?? extra?.(v)
      if (problem) {
        setPin1('')
        setError(problem)
        return
      }
      setError(undefined)
      setPhase('confirm')
    },
    typeConfirm: (v: string) => {
      setPin2(v)
      if (v) setError(undefined)
    },
    /** The PIN to send, or undefined (and back to the first entry) when the two differ. */
    confirmed: (): string | undefined => {
      if (pin2 !== pin1) {
        restart(PIN_MISMATCH)
        return undefined
      }
      return pin1
    },
  }
}
