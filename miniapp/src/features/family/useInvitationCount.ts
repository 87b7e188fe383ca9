/**
 * Family invitations waiting for this holder's answer (someone wants to add them as a
 * relative): home's row to the family page. A row, not a page: failures show nothing.
 */
import { useCallback, useState } from 'react'
import { getFamilyInvitations } from './api'

export function useInvitationCount() {
  const [invitations, setInvitations] = useState(0)
  const load = useCallback(async () => {
    try {
      setInvitations((await getFamilyInvitations()).received.length)
    } catch {
      setInvitations(0)
    }
  }, [])
  const clear = useCallback(() => setInvitations(0), [])
  return { invitations, load, clear }
}
