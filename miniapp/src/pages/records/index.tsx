import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import ListMore from '../../shared/ui/ListMore'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getAccount, getTransactions, type Account, type Transaction } from '../../features/settlement/api'
import { getFamilyMember, type FamilyMember } from '../../features/family/api'
import { relationshipText } from '../../features/family/family'
import { cx, useElderMode } from '../../shared/elder'
import { formatFen, formatFenChange } from '../../features/settlement/money'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { chinaDateTime } from '../../features/settlement/settlement'
import { LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import './index.css'

const PAGE_SIZE = 20

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; account: Account }

/** Newest first, each entry once (a page boundary may repeat one). */
function merge(list: Transaction[], more: Transaction[]): Transaction[] {
  const seen = new Set(list.map((t) => t.entry))
  const out = [...list, ...more.filter((t) => !seen.has(t.entry))]
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}

/**
 * 个人账户: the medical personal-account balance and its transactions; with
 * `subjectCardId`, a bound relative's (read only: their entries do not open a detail).
 */
export default function RecordsPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const [elder, setElder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [txns, setTxns] = useState<Transaction[]>([])
  const [cursor, setCursor] = useState<string | undefined>()
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const loaded = useRef(false)
  const router = useRouter()
  const subjectCardId = router.params?.subjectCardId ? decodeURIComponent(router.params.subjectCardId) : undefined
  const [member, setMember] = useState<FamilyMember | undefined>()

  const load = async () => {
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const [account, page, relative] = await Promise.all([
        getAccount(subjectCardId),
        getTransactions(undefined, PAGE_SIZE, subjectCardId),
        subjectCardId && !member ? getFamilyMember(subjectCardId).catch(() => undefined) : Promise.resolve(member),
      ])
      loaded.current = true
      setMember(relative)
      setScreen({ kind: 'loaded', account })
      setTxns(merge([], page.transactions))
      setCursor(page.transactions.length > 0 ? page.nextCursor : undefined)
      setMoreError(undefined)
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' })
    }
  }

  useDidShow(() => {
    void load()
  })

  const loadMore = async () => {
    if (!cursor || moreBusy) return
    setMoreBusy(true)
    setMoreError(undefined)
    try {
      const page = await getTransactions(cursor, PAGE_SIZE, subjectCardId)
      setTxns((list) => merge(list, page.transactions))
      setCursor(page.transactions.length > 0 ? page.nextCursor : undefined)
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setMoreBusy(false)
    }
  }

  const open = (t: Transaction) => {
    if (subjectCardId) return
    void Taro.navigateTo({ url: `/pages/settlement/index?id=${encodeURIComponent(t.settlementId)}` })
  }

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-records' className={cx('page', elder && 'elder')}>
        {subjectCardId && (
          <Text id={tid('records-for-relative')} className='banner'>
            {member ? `${relationshipText(member.relationship)}${member.maskedName}的个人账户` : '亲属的个人账户'}
          </Text>
        )}
        {screen.kind === 'loading' && <LoadingState id={tid('records-loading')} />}
        {screen.kind === 'error' && (
          <LoadErrorState id={tid('records-error')} message={screen.message} unclaimed={screen.unclaimed} onRetry={() => void load()} />
        )}

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
                    ariaRole={subjectCardId ? undefined : 'button'}
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
              <ListMore id='txn' more={!!cursor} any={txns.length > 0} busy={moreBusy} error={moreError} onMore={() => void loadMore()} />
            </View>
          </View>
        )}

        <View className='section'>
          <ElderSwitch on={elder} onChange={setElder} />
        </View>
      </View>
    </PageShownContext.Provider>
  )
}
