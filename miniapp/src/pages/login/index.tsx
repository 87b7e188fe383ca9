import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import PinSheet from '../../shared/ui/PinSheet'
import { cx } from '../../shared/elder'
import { backOrRelaunch } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import FaceProgress from '../../features/face/FaceProgress'
import { countdownText, scopeWords } from '../../features/scanLogin/loginRequest'
import { useLoginRequest } from '../../features/scanLogin/useLoginRequest'
import './index.css'
import { ALERT } from '../../shared/ui/a11y'

const ROUTE = 'pages/login/index'
const HOME = '/pages/index/index'

/**
 * 扫码登录: after scanning a portal's `essc://login?r=<id>`, who asks and for what, a
 * countdown to the request's expiry, and the holder's confirmation: the card PIN for
 * level 1 (openid, profile), a face check (purpose login) for level 2 (idcard).
 */
export default function LoginPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const { screen, request, seconds, portalName, face, checkPending, confirm, pinOpen, closePin, submitPin } = useLoginRequest(
    ROUTE,
    router.params?.r,
  )

  const words = request ? scopeWords(request.scope) : []

  return (
    <Page id='page-login' shown={shown} elder={elder}>
      {screen.kind === 'loading' && (
        <View id={tid('login-loading')} className='state'>
          <Text className='t-body'>{face?.busy ? face.message || '正在确认…' : '正在读取登录请求…'}</Text>
        </View>
      )}

      {screen.kind === 'error' && (
        <View id={tid('login-error')} className='section state' data-code={screen.code}>
          <Text className='form-error' {...ALERT}>{screen.message}</Text>
          <Btn id={tid('login-home')} kind='primary' onClick={() => Taro.reLaunch({ url: HOME })}>
            返回首页
          </Btn>
        </View>
      )}

      {screen.kind === 'done' && (
        <View id={tid('login-done')} className='section state'>
          <Text className='notice-ok'>{portalName ? `已确认登录${portalName}` : '已确认登录'}</Text>
          <Text className='t-body'>请回到电脑上继续办理</Text>
          <Btn id={tid('login-home')} kind='primary' onClick={() => Taro.reLaunch({ url: HOME })}>
            返回首页
          </Btn>
        </View>
      )}

      {request && (
        <View>
          <View className='login-card'>
            <Text className='t-hint'>{elder ? '要登录的网站' : '以下网站请求使用电子社保卡登录'}</Text>
            <Text id={tid('login-portal')} className='login-portal'>
              {request.portal?.name || '政务服务网站'}
            </Text>
            <View id={tid('login-scope')} className='login-scope'>
              <Text className='t-hint'>{elder ? '将提供' : '将向该网站提供您的'}</Text>
              {words.map((w) => (
                <Text key={w} className='login-scope-item'>
                  · {w}
                </Text>
              ))}
            </View>
            <Text
              id={tid('login-countdown')}
              className={cx('login-countdown', seconds <= 20 && 'login-countdown--low')}
              data-seconds={seconds}
            >
              {elder ? `${countdownText(seconds)} 后失效` : `请在 ${countdownText(seconds)} 内确认，超时需在网站上刷新二维码`}
            </Text>
          </View>

          {face && (
            <View id={tid('login-face')} className='section'>
              <Text className='t-subtitle'>刷脸确认</Text>
              <FaceProgress face={face} elder={elder} onCheck={checkPending} />
            </View>
          )}

          {!face?.locked && (
            <View>
              {!elder && (
                <Text className='t-hint'>
                  {request.level >= 2 ? '该网站请求身份证号等信息，需要本人刷脸确认。' : '请输入电子社保卡密码确认是您本人登录。'}
                </Text>
              )}
              <Btn id={tid('login-confirm')} kind='primary' loading={!!face?.busy} onClick={confirm}>
                {request.level >= 2 ? (face ? '重新刷脸' : '刷脸确认登录') : '确认登录'}
              </Btn>
            </View>
          )}
          <Btn id={tid('login-cancel')} kind='link' disabled={!!face?.busy} onClick={() => backOrRelaunch(HOME)}>
            取消
          </Btn>
        </View>
      )}

      <PinSheet
        open={pinOpen}
        title='确认登录'
        description={request ? `登录${request.portal?.name || '政务服务网站'}` : undefined}
        submitText='确认登录'
        onSubmit={submitPin}
        onClose={closePin}
      />
    </Page>
  )
}
