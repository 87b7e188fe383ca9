import { View, Text } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import ListMore from '../../shared/ui/ListMore'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getContributions } from '../../features/pension/api'
import { getFamilyMember, type FamilyMember } from '../../features/family/api'
import type { ContributionRecord } from '../../features/pension/contributions'
import { cx, useElderMode } from '../../shared/elder'
import {
  appendPage,
  CONTRIBUTION_TABS,
  groupByMonth,
  insuranceText,
  monthText,
  recordTotal,
  type ContributionTab,
} from '../../features/pension/contributions'
import { relationshipText } from '../../features/family/family'
import { formatFen } from '../../features/settlement/money'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import './index.css'

const PAGE_SIZE = 24

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; items: ContributionRecord[]; cursor?: string; from?: string; to?: string }

/**
 * 缴费记录: the holder's (or, with `subjectCardId`, a bound relative's) monthly
 * contributions to the five insurances, by type, newest month first, a page at a time.
 */
export default function ContributionsPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const router = useRouter()
  const [elder, setElder] = useElderMode()
  const [tab, setTab] = useState<ContributionTab>('all')
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [member, setMember] = useState<FamilyMember | undefined>()
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const loaded = useRef(false)
  /** Bumped by each first-page load, so a slow answer for another tab is dropped. */
  const seq = useRef(0)

  const raw = router.params?.subjectCardId
  const subjectCardId = raw ? decodeURIComponent(raw) : undefined

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

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-contributions' className={cx('page', elder && 'elder')}>
        {subjectCardId && (
          <Text id={tid('contrib-for-relative')} className='banner'>
            {member ? `${relationshipText(member.relationship)}${member.maskedName}的缴费记录` : '亲属的缴费记录'}
          </Text>
        )}

        <View id={tid('contrib-tabs')} className='contrib-tabs'>
          {CONTRIBUTION_TABS.map((t) => (
            <View
              key={t.type}
              id={tid(`contrib-tab-${t.type}`)}
              className={cx('contrib-tab', tab === t.type && 'contrib-tab--on')}
              data-type={t.type}
              ariaRole='tab'
              aria-selected={tab === t.type ? 'true' : 'false'}
              onClick={() => choose(t.type)}
            >
              {t.label}
            </View>
          ))}
        </View>

        {screen.kind === 'loading' && <LoadingState id={tid('contrib-loading')} />}
        {screen.kind === 'error' && (
          <LoadErrorState id={tid('contrib-error')} message={screen.message} unclaimed={screen.unclaimed} onRetry={() => void load()} />
        )}

        {screen.kind === 'loaded' && (
          <View className='section'>
            {!elder && screen.from && screen.to && (
              <Text id={tid('contrib-range')} className='t-hint'>
                {monthText(screen.from)} 至 {monthText(screen.to)}
              </Text>
            )}
            {screen.items.length === 0 && (
              <Text id={tid('contrib-empty')} className='t-hint contrib-empty'>
                暂无缴费记录
              </Text>
            )}
            <View id={tid('contrib-list')}>
              {groups.map((g) => (
                <View key={g.month} className='contrib-month' data-month={g.month}>
                  <Text className='contrib-month__title'>{monthText(g.month)}</Text>
                  {g.items.map((r) => (
                    <View
                      key={`${r.month}-${r.type}`}
                      className={cx('contrib-item', `contrib-item--${r.type}`)}
                      data-type={r.type}
                      data-month={r.month}
                      data-status={r.status}
                    >
                      <View className='contrib-item__main'>
                        <Text className='contrib-item__name'>{insuranceText(r.type)}</Text>
                        {!elder && (
                          <Text className='contrib-item__meta'>
                            {r.payer}
                            {r.base > 0 ? ` · 基数 ${formatFen(r.base)}` : ''}
                            {r.employerAmount > 0 ? ` · 单位 ${formatFen(r.employerAmount)}` : ''}
                            {` · 个人 ${formatFen(r.personalAmount)}`}
                          </Text>
                        )}
                      </View>
                      <View>
                        <Text className='contrib-item__amount'>{formatFen(recordTotal(r))}</Text>
                        <Text className={cx('contrib-item__status', r.status === 'arrears' && 'contrib-item__status--arrears')}>
                          {r.status === 'arrears' ? '欠缴' : '已到账'}
                        </Text>
                      </View>
                    </View>
                  ))}
                </View>
              ))}
            </View>
            <ListMore
              id='contrib'
              more={!!screen.cursor}
              any={screen.items.length > 0}
              busy={moreBusy}
              error={moreError}
              onMore={() => void loadMore()}
            />
          </View>
        )}

        <View className='section'>
          <ElderSwitch on={elder} onChange={setElder} />
        </View>
      </View>
    </PageShownContext.Provider>
  )
}
