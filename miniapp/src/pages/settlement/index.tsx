import { View, Text } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import SettlementView from '../../features/settlement/SettlementView'
import { errorMessage } from '../../shared/api/client'
import { getSettlement, type Settlement } from '../../features/settlement/api'
import { cx, useElderMode } from '../../shared/elder'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { chinaDateTime, settlementStatusText } from '../../features/settlement/settlement'
import { LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import './index.css'

type Screen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; settlement: Settlement }

/** 结算详情: one settlement's status (incl. 已冲正), split and items. */
export default function SettlementPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const router = useRouter()
  const [elder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const loaded = useRef(false)

  const load = async () => {
    const raw = router.params?.id
    if (!raw) {
      setScreen({ kind: 'error', message: '未找到该结算' })
      return
    }
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const settlement = await getSettlement(decodeURIComponent(raw))
      loaded.current = true
      setScreen({ kind: 'loaded', settlement })
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }

  useDidShow(() => {
    void load()
  })

  const s = screen.kind === 'loaded' ? screen.settlement : undefined
  const times: Array<[string, string | undefined]> = s
    ? [
        ['发起时间', s.createdAt],
        ['结算时间', s.settledAt],
        ['冲正时间', s.reversedAt],
        ['取消时间', s.cancelledAt],
      ]
    : []

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-settlement' className={cx('page', elder && 'elder')}>
        {screen.kind === 'loading' && <LoadingState id={tid('settlement-loading')} />}
        {screen.kind === 'error' && <LoadErrorState id={tid('settlement-error')} message={screen.message} onRetry={() => void load()} />}
        {s && (
          <View>
            <View className='section row-between'>
              <Text className='t-subtitle'>状态</Text>
              <Text
                id={tid('settlement-status')}
                className={cx('settlement-status', `settlement-status--${s.status}`)}
                data-status={s.status}
              >
                {settlementStatusText(s.status)}
              </Text>
            </View>
            {s.status === 'reversed' && (
              <Text className='t-hint settlement-note'>
                {elder ? '已退回，个人账户已恢复' : '本次结算已冲正（撤销），个人账户支付的金额已退回，统筹基金支付同时冲回。'}
              </Text>
            )}
            <SettlementView settlement={s} prefix='settlement' elder={elder} />
            {!elder && (
              <View className='section'>
                {times
                  .filter(([, at]) => !!at)
                  .map(([label, at]) => (
                    <View key={label} className='row-between settlement-time'>
                      <Text className='t-hint'>{label}</Text>
                      <Text className='t-hint'>{chinaDateTime(at)}</Text>
                    </View>
                  ))}
              </View>
            )}
          </View>
        )}
      </View>
    </PageShownContext.Provider>
  )
}
