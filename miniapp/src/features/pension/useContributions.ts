/**
 * 缴费记录: the holder's (or, with `subjectCardId`, a bound relative's) monthly
 * contributions to the five insurances, by type, newest month first, a page at a time.
 */
import { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getFamilyMember, type FamilyMember } from '../family/api'
import { getContributions } from './api'
import { appendPage, groupByMonth, type ContributionRecord, type ContributionTab } from './contributions'

const PAGE_SIZE = 24

export type ContributionsScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; items: ContributionRecord[]; cursor?: string; from?: string; to?: string }

export function useContributions(subjectCardId: string | undefined) {
  const [tab, setTab] = useState<ContributionTab>('all')
  const [screen, setScreen] = useState<ContributionsScreen>({ kind: 'loading' })
  const [member, setMember] = useState<FamilyMember | undefined>()
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const loaded = useRef(false)
  /** Bumped by each first-page load, so a slow answer for another tab is dropped. */
  const seq = useRef(0)

  const load = async (type: ContributionTab = tab) => {
    const mine = ++seq.current
    setScreen({ kind: 'loading' })
    setMoreError(undefined)
    try {
      const [page, relative] = await Promise.all([
        getContributions({ type: type === 'all' ? undefined : type, subjectCardId, limit: PAGE_SIZE }),
        subjectCardId && !loaded.current ? getFamilyMember(subjectCardId).catch(() => undefined) : Promise.resolve(member),
      ])
      if (mine !== seq.current) return
      loaded.current = true
      setMember(relative)
      setScreen({ kind: 'loaded', items: page.items, cursor: page.items.length > 0 ? page.nextCursor : undefined, from: page.from, to: page.to })
    } catch (err) {
      if (mine !== seq.current) return
      setScreen({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' })
    }
  }

  useDidShow(() => {
    if (!loaded.current) void load()
  })

  /** A tab: its first page (again after an error). */
  const choose = (type: ContributionTab) => {
    if (type === tab && screen.kind !== 'error') return
    setTab(type)
    void load(type)
  }

  const loadMore = async () => {
    if (screen.kind !== 'loaded' || !screen.cursor || moreBusy) return
    const mine = seq.current
    const before = screen
    setMoreBusy(true)
    setMoreError(undefined)
    try {
      const page = await getContributions({ type: tab === 'all' ? undefined : tab, cursor: before.cursor, subjectCardId, limit: PAGE_SIZE })
      if (mine !== seq.current) return
      setScreen({
        ...before,
        items: appendPage(before.items, page.items),
        cursor: page.items.length > 0 ? page.nextCursor : undefined,
      })
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setMoreBusy(false)
    }
  }

  const groups = screen.kind === 'loaded' ? groupByMonth(screen.items) : []

  return { tab, screen, groups, member, moreBusy, moreError, load, choose, loadMore }
}
