import { View, Text } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, useUnload } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import FaceProgress from '../../features/face/FaceProgress'
import PinSheet from '../../shared/ui/PinSheet'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { confirmLoginRequest, getLoginRequest, type LoginRequestView } from '../../features/scanLogin/api'
import { getFaceResult, type FaceResult } from '../../features/face/api'
import { cx, useElderMode } from '../../shared/elder'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../../features/face/face'
import { countdownText, FINAL_LOGIN_ERRORS, loginRequestIdOf, scopeWords, secondsUntil } from '../../features/scanLogin/loginRequest'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import './index.css'

const ROUTE = 'pages/login/index'
const HOME = '/pages/index/index'

const EXPIRED = { code: 'login_request_expired', message: '该登录请求已过期，请在网站上刷新二维码后重新扫码' }
const ALREADY = { code: 'login_request_already_confirmed', message: '该登录请求已确认过，不能重复确认' }

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'loaded'; request: LoginRequestView }
  | { kind: 'done' }

/** What survives the H5 face page: the login request being confirmed. */
interface LoginStash {
  id: string
}

/**
 * 扫码登录: after scanning a portal's `essc://login?r=<id>`, who asks and for what, a
 * countdown to the request's expiry, and the holder's confirmation: the card PIN for
 * level 1 (openid, profile), a face check (purpose login) for level 2 (idcard).
 */
export default function LoginPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const router = useRouter()
  const [elder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [now, setNow] = useState(() => Date.now())
  const [pinOpen, setPinOpen] = useState(false)
  const [face, setFace] = useState<FaceState | undefined>()
  /** The request resumed after the H5 face page, when the route lost it. */
  const [resumedId, setResumedId] = useState<string | undefined>()
  /** Who asked: kept even when the confirmation (after the H5 face page) beat the request's load. */
  const [portalName, setPortalName] = useState<string | undefined>()
  const tick = useRef<ReturnType<typeof setInterval> | undefined>()
  const finished = useRef(false)

  const requestId = resumedId ?? loginRequestIdOf(router.params?.r)

  const fail = (code: string, message: string) => {
    finished.current = true
    setPinOpen(false)
    setFace(undefined)
    setScreen({ kind: 'error', code, message })
  }

  const load = async (id = requestId) => {
    if (!id) {
      fail('invalid_login_request', '登录二维码无效，请重新扫码')
      return
    }
    try {
      const request = await getLoginRequest(id)
      setPortalName(request.portal?.name)
      if (finished.current) return
      if (request.status === 'confirmed') fail(ALREADY.code, ALREADY.message)
      else if (request.status === 'expired' || secondsUntil(request.expiresAt, Date.now()) <= 0) fail(EXPIRED.code, EXPIRED.message)
      else setScreen({ kind: 'loaded', request })
    } catch (err) {
      if (finished.current) return
      fail(errorCode(err) ?? (err instanceof ApiError && err.isNetwork ? 'network_error' : 'error'), errorMessage(err))
    }
  }

  const stopTick = () => {
    if (tick.current !== undefined) clearInterval(tick.current)
    tick.current = undefined
  }

  useDidShow(() => {
    if (screen.kind === 'loading') void load()
    stopTick()
    tick.current = setInterval(() => setNow(Date.now()), 1_000)
  })
  useDidHide(stopTick)
  useUnload(stopTick)

  const request = screen.kind === 'loaded' ? screen.request : undefined
  const seconds = request ? secondsUntil(request.expiresAt, now) : 0

  // The request ran out while on screen (and nothing is being confirmed).
  useEffect(() => {
    if (request && seconds <= 0 && !face?.busy && !pinOpen) fail(EXPIRED.code, EXPIRED.message)
  }, [seconds, request, face?.busy, pinOpen])

  const confirmed = () => {
    finished.current = true
    setPinOpen(false)
    setFace(undefined)
    setScreen({ kind: 'done' })
  }

  /** A refusal of the confirmation: final ones replace the page; others are thrown to be shown where they happened. */
  const refusedFinal = (err: unknown): boolean => {
    const code = errorCode(err)
    if (code && FINAL_LOGIN_ERRORS.includes(code)) {
      fail(code, errorMessage(err))
      return true
    }
    return false
  }

  // ---- level 1: PIN ----------------------------------------------------------

  const submitPin = async (pin: string) => {
    if (!requestId) return
    try {
      await confirmLoginRequest(requestId, { pin })
      confirmed()
    } catch (err) {
      if (refusedFinal(err)) return
      if (errorCode(err) === 'face_verification_required') {
        setPinOpen(false)
        void startFace()
        return
      }
      throw err
    }
  }

  // ---- level 2: face ---------------------------------------------------------

  const confirmWithFace = async (faceVerificationId: string, id: string) => {
    setFace({ busy: true, message: '刷脸已通过，正在确认登录…' })
    try {
      await confirmLoginRequest(id, { faceVerificationId })
      confirmed()
    } catch (err) {
      if (refusedFinal(err)) return
      setFace({ busy: false, message: errorMessage(err) })
    }
  }

  const applyFaceResult = (r: FaceResult, id: string) => {
    if (r.status === 'passed') void confirmWithFace(r.id, id)
    else setFace(faceNotPassed(r))
  }

  const faceFailed = (err: unknown) => setFace(faceError(err))

  // Back from the H5 face page: the server's result, then the confirmation.
  useEffect(() => {
    const pending = resumePendingFace<LoginStash>(ROUTE)
    if (!pending) return
    const id = pending.state?.id ?? loginRequestIdOf(router.params?.r)
    if (!id) return
    if (id !== requestId) setResumedId(id)
    setFace({ busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(
      (r) => applyFaceResult(r, id),
      (err) => faceFailed(err),
    )
  }, [])

  const startFace = async () => {
    const id = requestId
    if (!id) return
    setFace({ busy: true })
    try {
      const outcome = await runFace<LoginStash>({ purpose: 'login' }, ROUTE, { id }, { r: id })
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result, id)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(err)
    }
  }

  const confirm = () => {
    if (!request) return
    if (request.level >= 2) void startFace()
    else setPinOpen(true)
  }

  const leave = () => {
    const pages = Taro.getCurrentPages()
    if (pages.length > 1) void Taro.navigateBack()
    else void Taro.reLaunch({ url: HOME })
  }

  const words = request ? scopeWords(request.scope) : []

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-login' className={cx('page', elder && 'elder')}>
        {screen.kind === 'loading' && (
          <View id={tid('login-loading')} className='state'>
            <Text className='t-body'>{face?.busy ? face.message || '正在确认…' : '正在读取登录请求…'}</Text>
          </View>
        )}

        {screen.kind === 'error' && (
          <View id={tid('login-error')} className='section state' data-code={screen.code}>
            <Text className='form-error'>{screen.message}</Text>
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
                <FaceProgress
                  face={face}
                  elder={elder}
                  onCheck={() => void getFaceResult(face.pendingId!).then((r) => requestId && applyFaceResult(r, requestId), faceFailed)}
                />
              </View>
            )}

            {!face?.locked && (
              <View>
                {!elder && (
                  <Text className='t-hint'>
                    {request.level >= 2 ? '该网站请求身份证号等信息，需要本人刷脸确认。' : '请输入社保卡密码确认是您本人登录。'}
                  </Text>
                )}
                <Btn id={tid('login-confirm')} kind='primary' loading={!!face?.busy} onClick={confirm}>
                  {request.level >= 2 ? (face ? '重新刷脸' : '刷脸确认登录') : '确认登录'}
                </Btn>
              </View>
            )}
            <Btn id={tid('login-cancel')} kind='link' disabled={!!face?.busy} onClick={leave}>
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
          onClose={() => setPinOpen(false)}
        />
      </View>
    </PageShownContext.Provider>
  )
}
