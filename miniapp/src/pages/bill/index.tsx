import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import PinPad from '../../shared/ui/PinPad'
import PinLockedReset from '../../shared/ui/PinLockedReset'
import { cx } from '../../shared/elder'
import { backOrRelaunch } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import { ScreenState } from '../../shared/ui/PageState'
import SettlementView from '../../features/settlement/SettlementView'
import type { Settlement } from '../../features/settlement/api'
import { formatFen } from '../../features/settlement/money'
import { chinaDateTime } from '../../features/settlement/settlement'
import { billStatusText, isPayable } from '../../features/bills/bills'
import { useBill } from '../../features/bills/useBill'
import './index.css'
import { ALERT } from '../../shared/ui/a11y'

const REFUND_KIND = { all: '全部退款', cash: '现金部分退款', insurance: '医保部分退款' } as const

/** 账单详情: a bill pushed by a hospital or pharmacy: what it is, how it splits, paying it with the PIN, its refunds. */
export default function BillPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const { screen, load, pin, setPin, busy, payError, pinLocked, submit, resume } = useBill(router.params?.id)
  const b = screen.kind === 'loaded' ? screen.bill : undefined
  const payable = b ? isPayable(b.status) : false

  return (
    <Page id='page-bill' shown={shown} elder={elder}>
      <ScreenState id='bill' screen={screen} onRetry={() => void load()} />
      {b && (
        <View id={tid('bill-page')} data-status={b.status}>
          <View className='section row-between'>
            <Text className='t-subtitle'>状态</Text>
            <Text id={tid('bill-status')} className={cx('bill-status', `bill-status--${b.status}`)} data-status={b.status}>
              {billStatusText(b.status)}
            </Text>
          </View>
          {(b.department || b.doctor) && !elder && (
            <Text className='t-hint bill-note'>{[b.department, b.doctor && `医生 ${b.doctor}`].filter(Boolean).join(' · ')}</Text>
          )}
          {b.split.outOfArea && (
            <Text id={tid('bill-out-of-area')} className='t-hint bill-note' data-filed={String(b.split.outOfArea.filed)}>
              {b.split.outOfArea.filed ? '异地就医（已备案）：按备案后的报销比例结算' : '异地就医（未备案）：报销比例降低，办理备案后可按备案比例报销'}
            </Text>
          )}
          <SettlementView settlement={b as unknown as Settlement} prefix='bill' elder={elder}>
            {payable && (
              <View className='section'>
                <Text className='t-subtitle'>
                  {b.split.cash > 0
                    ? `医保支付后需自付现金 ${formatFen(b.split.cash)}，输入电子社保卡密码后跳转支付`
                    : '请核对费用，输入电子社保卡密码确认支付'}
                </Text>
                {!elder && <Text className='t-hint'>请在 {chinaDateTime(b.expiresAt)} 前支付</Text>}
                {payError && (
                  <Text id={tid('bill-error')} className='form-error' {...ALERT}>
                    {payError}
                  </Text>
                )}
                {pinLocked ? (
                  <PinLockedReset />
                ) : (
                  <PinPad value={pin} onChange={setPin} onComplete={(v) => void submit(v)} disabled={busy} name='bill-pin' />
                )}
                {busy && <Text className='t-hint'>正在支付…</Text>}
                <Btn id={tid('bill-later')} kind='link' disabled={busy} onClick={() => backOrRelaunch('/pages/bills/index')}>
                  暂不支付
                </Btn>
              </View>
            )}
            {b.status === 'paying' && (
              <View className='section'>
                <Text id={tid('bill-paying')} className='t-body'>
                  {`现金部分 ${formatFen(b.split.cash)} 正在支付，支付完成后账单自动更新。`}
                </Text>
                <Btn id={tid('bill-resume')} kind='primary' onClick={() => void resume()}>
                  继续支付
                </Btn>
                <Btn id={tid('bill-refresh')} kind='default' onClick={() => void load()}>
                  刷新支付结果
                </Btn>
              </View>
            )}
          </SettlementView>
          {b.refunds && b.refunds.length > 0 && (
            <View id={tid('bill-refunds')} className='section'>
              <Text className='t-subtitle'>退款</Text>
              {b.refunds.map((r) => (
                <View key={r.id} className='row-between' data-status={r.status}>
                  <Text className='t-body'>{REFUND_KIND[r.kind]}</Text>
                  <Text className='t-body'>
                    {`${formatFen(r.amounts.pooledFund + r.amounts.personalAccount + r.amounts.familyAccount + r.amounts.cash)} · ${r.status === 'succeeded' ? '已退回' : r.status === 'processing' ? '处理中' : '未成功'}`}
                  </Text>
                </View>
              ))}
              {!elder && <Text className='t-hint'>个人账户部分退回个人账户，现金部分原路退回。</Text>}
            </View>
          )}
        </View>
      )}
    </Page>
  )
}
