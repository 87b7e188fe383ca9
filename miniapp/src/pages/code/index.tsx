import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import { LoadingState } from '../../shared/ui/PageState'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import { backOr } from '../../shared/nav'
import CodeCard from '../../features/code/CodeCard'
import { secondsLeft } from '../../features/code/dynamicCode'
import { useDynamicCode } from '../../features/code/useDynamicCode'
import { presentForText } from '../../features/family/family'
import './index.css'
import { ALERT } from '../../shared/ui/a11y'

/**
 * 出示电子社保卡码 (with `memberId`: a bound relative's code, issued through the family binding;
 * no offline batch for relatives, and the helper confirms the bill with their own PIN): the QR code with the Code 128 barcode and the digits under it, a 60 s
 * countdown, refresh at refreshAt or on a tap, full screen brightness while shown, an
 * offline code from the kept batch when the network is down, and a jump to the payment
 * confirmation as soon as a terminal pre-settles a bill with the code.
 */
export default function CodePage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const memberId = router.params?.memberId ? decodeURIComponent(router.params.memberId) : undefined
  const { screen, now, busy, member, refresh } = useDynamicCode(memberId, (settlementId) => {
    void Taro.navigateTo({ url: `/pages/pay/index?id=${encodeURIComponent(settlementId)}` })
  })

  const code = screen.kind === 'code' ? screen.shown : undefined

  return (
    <Page id='page-code' className='code-page' shown={shown} elder={elder}>
      {screen.kind === 'loading' && (
        <LoadingState id={tid('code-loading')} text='正在生成电子社保卡码…' />
      )}

      {screen.kind === 'error' && (
        <View id={tid('code-error')} className='section state' data-reason={screen.reason}>
          <Text className='form-error' {...ALERT}>{screen.message}</Text>
          {memberId && screen.reason === 'card' ? (
            <Btn id={tid('code-back')} kind='primary' onClick={() => backOr('/pages/family/index')}>
              返回
            </Btn>
          ) : screen.reason === 'unclaimed' ? (
            <Btn id={tid('claim-start')} kind='primary' onClick={() => Taro.redirectTo({ url: '/pages/claim/index' })}>
              申领电子社保卡
            </Btn>
          ) : screen.reason === 'card' ? (
            <Btn id={tid('go-settings')} kind='primary' onClick={() => Taro.redirectTo({ url: '/pages/settings/index' })}>
              卡片管理
            </Btn>
          ) : (
            <Btn id={tid('code-retry')} kind='primary' onClick={() => void refresh(true)}>
              重试
            </Btn>
          )}
        </View>
      )}

      {memberId && (
        <Text id={tid('code-for-relative')} className='banner code-for-relative'>
          {presentForText(member)}
        </Text>
      )}

      {code && <CodeCard code={code} seconds={secondsLeft(code, now)} busy={busy} elder={elder} onRefresh={() => void refresh(true)} />}

      {!elder && code && (
        <View className='section'>
          <Text className='t-hint'>
            {memberId
              ? '收银员扫码后，本页会自动打开支付确认，核对费用后输入您本人的电子社保卡密码为亲属支付。请勿将此码发给他人。'
              : '收银员扫码后，本页会自动打开支付确认，核对费用后输入电子社保卡密码完成支付。请勿将此码发给他人。'}
          </Text>
        </View>
      )}
    </Page>
  )
}
