/**
 * A list the server gives a page at a time (消息中心, 用卡记录): the first page on every
 * show (useLoadOnShow), the next by the server's cursor on request; a failed next page
 * keeps what is shown and says why under it.
 */
import { useState } from 'react'
import { errorCode, errorMessage } from './api/client'
import { useLoadOnShow } from './loadOnShow'

export type LoadedPages<L> = L & { kind: 'loaded'; cursor?: string }
export type PagedScreen<L> = { kind: 'error'; message: string; unclaimed?: boolean } | LoadedPages<L>

/**
 * `fetchPage` reads one page (the first without a cursor); `shown` makes the screen of a
 * page, given the screen it follows (none for the first page).
 */
export function usePagedList<L extends object, P>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  shown: (page: P, before?: LoadedPages<L>) => LoadedPages<L>,
) {
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const { screen, setScreen, load } = useLoadOnShow<PagedScreen<L>>(
    async () => {
      const page = await fetchPage(undefined)
      setMoreError(undefined)
      return shown(page)
    },
    (err) => ({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' }),
  )

  const loadMore = async () => {
    if (screen.kind !== 'loaded' || !screen.cursor || moreBusy) return
    const before = screen
    setMoreBusy(true)
    setMoreError(undefined)
    try {
      setScreen(shown(await fetchPage(before.cursor), before))
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setMoreBusy(false)
    }
  }

  return { screen, setScreen, load, loadMore, moreBusy, moreError }
}
