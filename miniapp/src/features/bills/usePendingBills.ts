/** How many bills wait for the holder's payment: home's banner (the in-app notice of a pushed bill). */
import { useCallback, useState } from 'react'
import { getPendingBills } from './api'

export function usePendingBills() {
  const [count, setCount] = useState(0)
  const load = useCallback(async () => {
    try {
      setCount((await getPendingBills()).filter((b) => b.status === 'awaiting_payment').length)
    } catch {
      // A banner, not the page: the bills page says what went wrong.
      setCount(0)
    }
  }, [])
  const clear = useCallback(() => setCount(0), [])
  return { count, load, clear }
}
