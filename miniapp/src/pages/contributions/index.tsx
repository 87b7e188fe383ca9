import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import ListMore from '../../shared/ui/ListMore'
import { ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import RelativeBanner from '../../features/family/RelativeBanner'
import { CONTRIBUTION_TABS, insuranceText, monthText, recordTotal } from '../../features/pension/contributions'
import { useContributions } from '../../features/pension/useContributions'
import { formatFen } from '../../features/settlement/money'
import ProofLink from '../../features/proofs/ProofLink'
import './index.css'
import { control } from '../../shared/ui/a11y'

/**
 * 缴费记录: the holder's (or, with `subjectCardId`, a bound relative's) monthly
 * contributions to the five insurances, by type, newest month first, a page at a time.
 */
export default function ContributionsPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const raw = router.params?.subjectCardId
  const subjectCardId = raw ? decodeURIComponent(raw) : undefined
  const { tab, screen, groups, member, moreBusy, moreError, load, choose, loadMore } = useContributions(subjectCardId)

  return (
    <Page id='page-contributions' shown={shown} elder={elder}>
      {subjectCardId && <RelativeBanner id='contrib-for-relative' member={member} words={(who) => `${who}的缴费记录`} />}

      <View id={tid('contrib-tabs')} className='contrib-tabs' ariaRole='tablist'>
        {CONTRIBUTION_TABS.map((t) => (
          <View
            key={t.type}
            id={tid(`contrib-tab-${t.type}`)}
            className={cx('contrib-tab', tab === t.type && 'contrib-tab--on')}
            data-type={t.type}
            {...control('tab')}
            aria-selected={tab === t.type ? 'true' : 'false'}
            onClick={() => choose(t.type)}
          >
            {t.label}
          </View>
        ))}
      </View>

      <ScreenState id='contrib' screen={screen} onRetry={() => void load()} />

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

      <ProofLink subjectCardId={subjectCardId} elder={elder} />
    </Page>
  )
}
