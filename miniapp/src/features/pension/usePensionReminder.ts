/**
 * The holder's pension certification for the home page's reminder banner. Only a
 * reminder: it never blocks the card, and a failure just leaves the banner out.
 */
import { useCallback, useRef, useState } from 'react'
import { getPensionStatus } from './api'
import type { PensionView } from './pension'

export function usePensionReminder() {
  /** The holder's pension certification, for the reminder banner; undefined: none to show. */
  const [pension, setPension] = useState<PensionView | undefined>()
  /** Bumped by each pension load (and each reset), so an older answer never lands late. */
  const pensionSeq = useRef(0)

  const load = useCallback(async () => {
    const mine = ++pensionSeq.current
    try {
      const certification = await getPensionStatus()
      if (mine === pensionSeq.current) setPension(certification)
    } catch {
      if (mine === pensionSeq.current) setPension(undefined)
    }
  }, [])

  const clear = useCallback(() => {
    ++pensionSeq.current
    setPension(undefined)
  }, [])

  return { pension, load, clear }
}
