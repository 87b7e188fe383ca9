import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import ListMore from '../../shared/ui/ListMore'
import { ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import RelativeBanner from '../../features/family/RelativeBanner'
import type { Transaction } from '../../features/settlement/api'
import { formatFen, formatFenChange } from '../../features/settlement/money'
import { chinaDateTime } from '../../features/settlement/settlement'
import { useAccountRecords } from '../../features/settlement/useAccountRecords'
import ProofLink from '../../features/proofs/ProofLink'
import './index.css'
import { control } from '../../shared/ui/a11y'

/**
 * 个人账户: the medical personal-account balance and its transactions; with
 * `subjectCardId`, a bound relative's (read only: their entries do not open a detail).
 */
export default function RecordsPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const subjectCardId = router.params?.subjectCardId ? decodeURIComponent(router.params.subjectCardId) : undefined
  const { screen, txns, more, moreBusy, moreError, member, load, loadMore } = useAccountRecords(subjectCardId)

  const open = (t: Transaction) => {
    if (subjectCardId) return
    void Taro.navigateTo({ url: `/pages/settlement/index?id=${encodeURIComponent(t.settlementId)}` })
  }

  return (
    <Page id='page-records' shown={shown} elder={elder}>
      {subjectCardId && <RelativeBanner id='records-for-relative' member={member} words={(who) => `${who}的个人账户`} />}
      <ScreenState id='records' screen={screen} onRetry={() => void load()} />

      {screen.kind === 'loaded' && (
        <View>
          <View className='balance-card'>
            <Text className='balance-card__label'>{elder ? '个人账户余额' : '医保个人账户余额'}</Text>
            <Text id={tid('account-balance')} className='balance-card__value'>
              {formatFen(screen.account.balance)}
            </Text>
            {!elder && screen.account.updatedAt && (
              <Text className='balance-card__time'>更新于 {chinaDateTime(screen.account.updatedAt)}</Text>
            )}
          </View>

          <View className='section'>
            <Text className='t-subtitle'>{elder ? '账户记录' : '个人账户收支记录'}</Text>
            {txns.length === 0 && (
              <Text id={tid('txn-empty')} className='t-hint txn-empty'>
                暂无记录
              </Text>
            )}
            <View id={tid('txn-list')}>
              {txns.map((t) => (
                <View
                  key={t.entry}
                  className={cx('txn-item', `txn-item--${t.kind}`)}
                  data-settlement-id={t.settlementId}
                  data-kind={t.kind}
                  hoverClass={subjectCardId ? 'none' : 'txn-item--hover'}
                  {...(subjectCardId ? {} : control())}
                  onClick={() => open(t)}
                >
                  <View className='txn-item__main'>
                    <Text className='txn-item__name'>{t.institutionName || '定点医药机构'}</Text>
                    <Text className='txn-item__meta'>
                      {t.kind === 'reversal' ? '冲正退回' : '医保结算'}
                      {!elder && ` · 总额 ${formatFen(Math.abs(t.amounts.total))}`} · {chinaDateTime(t.at)}
                    </Text>
                  </View>
                  <Text className={cx('txn-item__change', t.personalAccountChange > 0 && 'txn-item__change--in')}>
                    {formatFenChange(t.personalAccountChange)}
                  </Text>
                </View>
              ))}
            </View>
            <ListMore id='txn' more={more} any={txns.length > 0} busy={moreBusy} error={moreError} onMore={() => void loadMore()} />
          </View>
        </View>
      )}

      <ProofLink subjectCardId={subjectCardId} elder={elder} />
    </Page>
  )
}
