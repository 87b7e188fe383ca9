/**
 * Elder mode's home: the relatives whose code can be shown now (card normal), so a
 * relative's code is one tap from home. A row, not a page: failures show nothing.
 */
import { useCallback, useState } from 'react'
import { getFamilyMembers, type FamilyMember } from './api'

export function useRelativeCodes() {
  const [relatives, setRelatives] = useState<FamilyMember[]>([])
  const load = useCallback(async () => {
    try {
      setRelatives((await getFamilyMembers()).filter((m) => m.cardStatus === 'normal'))
    } catch {
      setRelatives([])
    }
  }, [])
  const clear = useCallback(() => setRelatives([]), [])
  return { relatives, load, clear }
}
