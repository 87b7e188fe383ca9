/** 用卡记录: the first page on every show, then a page at a time by the server's cursor. */
import { useState } from 'react'
import { errorCode, errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getUsage } from './api'
import { appendEntries, type UsageEntry } from './usage'

const PAGE_SIZE = 20

export type UsageScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; entries: UsageEntry[]; cursor?: string }

export function useUsageLog() {
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const { screen, setScreen, load } = useLoadOnShow<UsageScreen>(
    async () => {
      const page = await getUsage(undefined, PAGE_SIZE)
      setMoreError(undefined)
      return { kind: 'loaded', entries: page.entries, cursor: page.entries.length > 0 ? page.cursor : undefined }
    },
    (err) => ({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' }),
  )

  const loadMore = async () => {
    if (screen.kind !== 'loaded' || !screen.cursor || moreBusy) return
    const shown = screen
    setMoreBusy(true)
    setMoreError(undefined)
    try {
      const page = await getUsage(shown.cursor, PAGE_SIZE)
      setScreen({ kind: 'loaded', entries: appendEntries(shown.entries, page.entries), cursor: page.entries.length > 0 ? page.cursor : undefined })
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setMoreBusy(false)
    }
  }

  return { screen, load, loadMore, moreBusy, moreError }
}
