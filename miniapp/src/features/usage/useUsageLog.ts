/** 用卡记录: the first page on every show, then a page at a time by the server's cursor. */
import { usePagedList } from '../../shared/pagedList'
import { getUsage, type UsagePage } from './api'
import { appendById } from '../../shared/appendById'
import type { UsageEntry } from './usage'

const PAGE_SIZE = 20

export function useUsageLog() {
  const { screen, load, loadMore, moreBusy, moreError } = usePagedList<{ entries: UsageEntry[] }, UsagePage>(
    (cursor) => getUsage(cursor, PAGE_SIZE),
    (page, before) => ({
      kind: 'loaded',
      entries: before ? appendById(before.entries, page.entries) : page.entries,
      cursor: page.entries.length > 0 ? page.cursor : undefined,
    }),
  )
  return { screen, load, loadMore, moreBusy, moreError }
}
