import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import { LoadingState } from '../../shared/ui/PageState'
import PinPad from '../../shared/ui/PinPad'
import PinLockedReset from '../../shared/ui/PinLockedReset'
import { cx } from '../../shared/elder'
import { backOrRelaunch } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import SettlementView from '../../features/settlement/SettlementView'
import { chinaTime, paymentStatusLine } from '../../features/settlement/settlement'
import { usePayment } from '../../features/settlement/usePayment'
import './index.css'
import { ALERT } from '../../shared/ui/a11y'

/** 支付确认: the bill a terminal pre-settled with the holder's code, confirmed with the card PIN. */
export default function PayPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const { screen, pin, setPin, busy, pinError, confirmed, load, submit } = usePayment(router.params?.id)

  const s = screen.kind === 'loaded' ? screen.settlement : undefined
  const awaiting = s?.status === 'awaiting_confirmation' && !confirmed

  return (
    <Page id='page-pay' shown={shown} elder={elder}>
      {screen.kind === 'loading' && (
        <LoadingState id={tid('pay-loading')} text='正在加载支付信息…' />
      )}
      {screen.kind === 'error' && (
        <View id={tid('pay-load-error')} className='state'>
          <Text className='form-error' {...ALERT}>{screen.message}</Text>
          <Btn id={tid('retry')} kind='primary' onClick={() => void load()}>
            重试
          </Btn>
        </View>
      )}
      {screen.kind === 'none' && (
        <View id={tid('pay-none')} className='section state'>
          <Text className='t-body'>没有待确认的支付</Text>
          <Btn id={tid('pay-home')} kind='primary' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Btn>
        </View>
      )}

      {s && (
        <View id={tid('pay-page')} data-status={s.status}>
          {confirmed && (
            <Text id={tid('pay-confirmed')} className='notice-ok pay-confirmed'>
              支付已确认
            </Text>
          )}
          {!awaiting && (
            <View className='section row-between'>
              <Text className='t-subtitle'>状态</Text>
              <Text id={tid('pay-status')} className={cx('pay-status', `pay-status--${s.status}`)} data-status={s.status}>
                {paymentStatusLine(s, elder)}
              </Text>
            </View>
          )}

          <SettlementView settlement={s} prefix='pay' elder={elder}>
            {awaiting && (
              <View className='section pay-pin'>
                <Text className='t-subtitle'>
                  {elder
                    ? s.patient
                      ? '请输入您本人的电子社保卡密码'
                      : '输入密码确认支付'
                    : s.patient
                      ? '请核对费用，输入您本人的电子社保卡密码为亲属确认支付'
                      : '请核对费用，输入电子社保卡密码确认支付'}
                </Text>
                {!elder && s.confirmBy && <Text className='t-hint'>请在 {chinaTime(s.confirmBy)} 前确认，超时需收银员重新发起</Text>}
                {pinError && (
                  <Text
                    id={tid('pay-error')}
                    className='form-error' {...ALERT}
                    data-attempts-left={pinError.attemptsLeft === undefined ? '' : String(pinError.attemptsLeft)}
                  >
                    {pinError.message}
                  </Text>
                )}
                {pinError?.locked && <PinLockedReset />}
                {!pinError?.final && (
                  <PinPad value={pin} onChange={setPin} onComplete={(v) => void submit(v)} disabled={busy} name='pay-pin' />
                )}
                {busy && <Text className='t-hint pay-busy'>正在确认…</Text>}
                <Btn id={tid('pay-cancel')} kind='link' disabled={busy} onClick={() => backOrRelaunch('/pages/index/index')}>
                  暂不支付
                </Btn>
                {!elder && <Text className='t-hint'>暂不支付时，这笔支付会保留在首页，确认期限内可回来支付</Text>}
              </View>
            )}
          </SettlementView>

          {!awaiting && (
            <View>
              <Btn id={tid('pay-records')} kind='primary' onClick={() => Taro.redirectTo({ url: '/pages/records/index' })}>
                {elder ? '看余额' : '查看个人账户'}
              </Btn>
              <Btn id={tid('pay-home')} kind='default' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
                返回首页
              </Btn>
            </View>
          )}
        </View>
      )}
    </Page>
  )
}
