import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import { ScreenState } from '../../shared/ui/PageState'
import SettlementView from '../../features/settlement/SettlementView'
import { chinaDateTime, settlementStatusText, settlementTimes } from '../../features/settlement/settlement'
import { useSettlement } from '../../features/settlement/useSettlement'
import './index.css'

/** 结算详情: one settlement's status (incl. 已冲正), split and items. */
export default function SettlementPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const { screen, load } = useSettlement(router.params?.id)

  const s = screen.kind === 'loaded' ? screen.settlement : undefined

  return (
    <Page id='page-settlement' shown={shown} elder={elder}>
      <ScreenState id='settlement' screen={screen} onRetry={() => void load()} />
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
              {settlementTimes(s).map(([label, at]) => (
                <View key={label} className='row-between settlement-time'>
                  <Text className='t-hint'>{label}</Text>
                  <Text className='t-hint'>{chinaDateTime(at)}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      )}
    </Page>
  )
}
