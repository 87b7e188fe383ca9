/**
 * A new card PIN typed twice on the PIN pad (new → confirm; when the two differ, back to
 * the first entry with why), checked against the PIN rules on the phone: with the ID
 * number where the phone knows it (the claim: the holder's; the claim for a relative: the
 * relative's). The server checks again, with the ID number. Used by the PIN change and
 * reset pages, the claim and the claim for a relative.
 */
import { useState } from 'react'
import { pinProblem } from '../../shared/pin'
import { PIN_MISMATCH, type NewPinPhase } from './pinEntry'

export interface NewPinOptions {
  /** The ID number the PIN may not be taken from, when the phone knows it (read at the 6th digit). */
  idNumber?: () => string | undefined
  /** Said when the confirmation differs from the first entry. */
  mismatch?: string
}

export function useNewPin({ idNumber, mismatch = PIN_MISMATCH }: NewPinOptions = {}) {
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
      const problem = pinProblem(v, idNumber?.()) ?? extra?.(v)
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
        restart(mismatch)
        return undefined
      }
      return pin1
    },
  }
}

export type NewPin = ReturnType<typeof useNewPin>
