/**
 * Home: the holder's card (or that none is claimed here), loaded on every show. With a
 * usable card the offline code batch is kept fresh and the pension certification is
 * asked for the reminder banner; with no network the kept offline codes can still be
 * shown.
 */
import { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { ApiError, errorMessage } from '../../shared/api/client'
import { usableOfflineCodes } from '../code/dynamicCode'
import { keptBatch, refreshOfflineCodes } from '../code/offlineCodes'
import { usePensionReminder } from '../pension/usePensionReminder'
import { getMyCard, type Card } from './api'

export type HomeScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; offlineCode?: boolean }
  | { kind: 'unclaimed' }
  | { kind: 'card'; card: Card }

export function useHomeCard() {
  const [view, setView] = useState<HomeScreen>({ kind: 'loading' })
  const loaded = useRef(false)
  const { pension, load: loadPension, clear: clearPension } = usePensionReminder()

  const load = useCallback(async () => {
    if (!loaded.current) setView({ kind: 'loading' })
    try {
      const card = await getMyCard()
      loaded.current = true
      setView(card ? { kind: 'card', card } : { kind: 'unclaimed' })
      if (card?.status === 'normal') {
        // Keep a fresh offline code batch, so the code page works without network too.
        void refreshOfflineCodes()
        // The yearly pension certification reminder, after the card is on screen.
        void loadPension()
      } else clearPension()
    } catch (err) {
      clearPension()
      // No network: the kept offline codes can still be shown.
      const offlineCode = err instanceof ApiError && err.isNetwork && usableOfflineCodes(keptBatch(), Date.now()).length > 0
      setView({ kind: 'error', message: errorMessage(err), offlineCode })
    }
  }, [loadPension, clearPension])

  useDidShow(() => {
    void load()
  })

  return { view, pension, load }
}
