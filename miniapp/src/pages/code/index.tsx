import { View, Text, Image } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, useUnload } from '@tarojs/taro'
import { useCallback, useMemo, useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import { ApiError, errorMessage } from '../../shared/api/client'
import { getFamilyMember, issueFamilyCode, type FamilyMember } from '../../features/family/api'
import { getPendingSettlements } from '../../features/settlement/api'
import { issueCode } from '../../features/code/api'
import { protectFromCapture, raiseScreenBrightness, restoreScreenBrightness } from '../../features/code/screen'
import { cx, useElderMode } from '../../shared/elder'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import {
  displayCode,
  OFFLINE_MIN_LEFT_MS,
  offlineLimitText,
  onlineCode,
  secondsLeft,
  type ShownCode,
} from '../../features/code/dynamicCode'
import { forgetOfflineCodes, nextOfflineCode, refreshOfflineCodes } from '../../features/code/offlineCodes'
import { codeImages } from '../../features/code/images/qr'
import { presentForText } from '../../features/family/family'
import { backOr } from '../../shared/nav'
import './index.css'

/** How often the page asks whether a terminal has pre-settled a bill with the code. */
const PENDING_POLL_MS = 2_000
/** After a network failure with a still-valid online code, try again this soon. */
const RETRY_MS = 5_000

type Screen =
  | { kind: 'loading' }
  | { kind: 'code'; shown: ShownCode }
  | { kind: 'error'; message: string; reason: 'network' | 'card' | 'unclaimed' | 'other' }

const CARD_REFUSED: Record<string, string> = {
  card_lost: '卡片已挂失，不能出示医保码。解除挂失后即可使用。',
  card_cancelled: '卡片已注销，不能出示医保码。',
}

/** The same refusals for a relative's card (only the relative can lift a loss report). */
const RELATIVE_CARD_REFUSED: Record<string, string> = {
  card_lost: '亲属的卡片已挂失，不能出示医保码。请亲属本人解除挂失后再使用。',
  card_cancelled: '亲属的卡片已注销，不能出示医保码。',
}

/**
 * 出示医保码 (with `memberId`: a bound relative's code, issued through the family binding;
 * no offline batch for relatives, and the helper confirms the bill with their own PIN): the QR code with the Code 128 barcode and the digits under it, a 60 s
 * countdown, refresh at refreshAt or on a tap, full screen brightness while shown, an
 * offline code from the kept batch when the network is down, and a jump to the payment
 * confirmation as soon as a terminal pre-settles a bill with the code.
 */
export default function CodePage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const [elder, setElder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [now, setNow] = useState(() => Date.now())
  const [busy, setBusy] = useState(false)
  const router = useRouter()
  const memberId = router.params?.memberId ? decodeURIComponent(router.params.memberId) : undefined
  const [member, setMember] = useState<FamilyMember | undefined>()

  const active = useRef(false)
  const current = useRef<ShownCode | undefined>()
  const inFlight = useRef(false)
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>()
  const tickTimer = useRef<ReturnType<typeof setInterval> | undefined>()
  const pollTimer = useRef<ReturnType<typeof setInterval> | undefined>()
  const polling = useRef(false)
  const openedSettlements = useRef(new Set<string>())
  const undoCapture = useRef<(() => void) | undefined>()

  const clearRefresh = () => {
    if (refreshTimer.current !== undefined) clearTimeout(refreshTimer.current)
    refreshTimer.current = undefined
  }

  const show = (code: ShownCode) => {
    current.current = code
    setScreen({ kind: 'code', shown: code })
    setNow(Date.now())
  }

  // `refresh` is scheduled by itself; a ref keeps the timers calling the latest one.
  const refreshRef = useRef<(manual: boolean) => Promise<void>>(async () => undefined)

  const schedule = (at: number) => {
    clearRefresh()
    if (!active.current) return
    refreshTimer.current = setTimeout(() => void refreshRef.current(false), Math.max(1_000, at - Date.now()))
  }

  const refresh = async (manual: boolean) => {
    if (inFlight.current || !active.current) return
    inFlight.current = true
    setBusy(true)
    clearRefresh()
    try {
      const issued = memberId ? await issueFamilyCode(memberId) : await issueCode()
      const code = onlineCode(issued, Date.now())
      if (!active.current) return
      show(code)
      schedule(code.refreshAt)
      // Online: keep the offline batch fresh for the next time the network is down (own card only).
      if (!memberId) void refreshOfflineCodes()
    } catch (err) {
      if (!active.current) return
      const t = Date.now()
      const was = current.current
      if (err instanceof ApiError && err.isNetwork) {
        if (!manual && was && was.kind === 'online' && was.expiresAt - t > RETRY_MS) {
          // The code on screen still works: keep it and try again shortly.
          schedule(t + RETRY_MS)
          return
        }
        if (!manual && was && was.kind === 'offline' && was.expiresAt - t > OFFLINE_MIN_LEFT_MS) {
          // Still offline: the same offline code stays (each works once); try again later.
          schedule(Math.min(was.expiresAt - OFFLINE_MIN_LEFT_MS, t + 50_000))
          return
        }
        const offline = memberId ? undefined : nextOfflineCode()
        if (offline) {
          show(offline)
          schedule(offline.refreshAt)
          return
        }
        current.current = undefined
        setScreen({
          kind: 'error',
          reason: 'network',
          message: memberId ? '网络连接失败，亲属医保码需要联网使用，请联网后重试' : '网络连接失败，暂无可用的离线码，请联网后重试',
        })
        return
      }
      current.current = undefined
      const code = err instanceof ApiError ? err.code : undefined
      if (memberId && code && RELATIVE_CARD_REFUSED[code]) {
        setScreen({ kind: 'error', reason: 'card', message: RELATIVE_CARD_REFUSED[code] })
      } else if (memberId) {
        setScreen({ kind: 'error', reason: 'other', message: errorMessage(err) })
      } else if (code && CARD_REFUSED[code]) {
        forgetOfflineCodes()
        setScreen({ kind: 'error', reason: 'card', message: CARD_REFUSED[code] })
      } else if (code === 'card_not_found') {
        forgetOfflineCodes()
        setScreen({ kind: 'error', reason: 'unclaimed', message: '您还没有在本渠道领取电子社保卡' })
      } else {
        setScreen({ kind: 'error', reason: 'other', message: errorMessage(err) })
      }
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }
  refreshRef.current = refresh

  /** A terminal pre-settled a bill with the code: go to the confirmation. */
  const pollPending = useCallback(async () => {
    if (polling.current || !active.current || !current.current) return
    polling.current = true
    try {
      const pending = await getPendingSettlements()
      const next = pending.find((s) => s.status === 'awaiting_confirmation' && !openedSettlements.current.has(s.id))
      if (next && active.current) {
        openedSettlements.current.add(next.id)
        void Taro.navigateTo({ url: `/pages/pay/index?id=${encodeURIComponent(next.id)}` })
      }
    } catch {
      // Offline or a hiccup: the next poll tries again.
    } finally {
      polling.current = false
    }
  }, [])

  const stop = () => {
    active.current = false
    clearRefresh()
    if (tickTimer.current !== undefined) clearInterval(tickTimer.current)
    if (pollTimer.current !== undefined) clearInterval(pollTimer.current)
    tickTimer.current = undefined
    pollTimer.current = undefined
    undoCapture.current?.()
    undoCapture.current = undefined
    void restoreScreenBrightness()
  }

  useDidShow(() => {
    if (active.current) return
    active.current = true
    void raiseScreenBrightness()
    undoCapture.current = protectFromCapture(() => {
      void Taro.showToast({ title: '截屏无效，已刷新付款码', icon: 'none' })
      void refreshRef.current(true)
    })
    tickTimer.current = setInterval(() => setNow(Date.now()), 1_000)
    pollTimer.current = setInterval(() => void pollPending(), PENDING_POLL_MS)
    // A code seen before the page was left may have been photographed: always a new one.
    void refresh(false)
    // Whose code it is, for the banner.
    if (memberId && !member) {
      getFamilyMember(memberId).then(
        (m) => setMember(m),
        () => undefined,
      )
    }
  })
  useDidHide(stop)
  useUnload(stop)

  const code = screen.kind === 'code' ? screen.shown : undefined
  const images = useMemo(() => (code ? codeImages(code.code) : undefined), [code?.code])
  const seconds = code ? secondsLeft(code, now) : 0
  const offline = code?.kind === 'offline'

  const countdownText = (() => {
    if (!code) return ''
    if (busy && seconds === 0) return '正在刷新…'
    if (offline) {
      const m = Math.floor(seconds / 60)
      const s = String(seconds % 60).padStart(2, '0')
      return elder ? `离线码 ${m}:${s}` : `离线码 ${m}:${s} 后失效，联网后自动换为在线码`
    }
    return elder ? `${seconds}秒后刷新` : `${seconds} 秒后失效，到期前自动刷新`
  })()

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-code' className={cx('page', 'code-page', elder && 'elder')}>
        {screen.kind === 'loading' && (
          <View id={tid('code-loading')} className='state'>
            <Text className='t-body'>正在生成医保码…</Text>
          </View>
        )}

        {screen.kind === 'error' && (
          <View id={tid('code-error')} className='section state' data-reason={screen.reason}>
            <Text className='form-error'>{screen.message}</Text>
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
            {member ? presentForText(member) : '为亲属出示'}
          </Text>
        )}

        {code && images && (
          <View className='code-card'>
            <View className='code-card__head'>
              <Text className='code-card__title'>{elder ? '医保码' : '医保码 · 请出示给收银员扫描'}</Text>
              {offline && (
                <Text id={tid('offline-badge')} className='offline-badge'>
                  离线
                </Text>
              )}
            </View>
            {offline && (
              <Text id={tid('offline-limit')} className='offline-limit'>
                {offlineLimitText(code.limits)}
              </Text>
            )}
            <View
              id={tid('code-qr')}
              className={cx('code-qr', busy && 'code-qr--busy')}
              data-kind={code.kind}
              ariaRole='button'
              ariaLabel='医保码二维码，轻触刷新'
              onClick={() => void refresh(true)}
            >
              <Image className='code-qr__img' src={images.qr} mode='scaleToFill' />
            </View>
            <View id={tid('code-barcode')} className='code-barcode' onClick={() => void refresh(true)}>
              <Image className='code-barcode__img' src={images.barcode} mode='scaleToFill' />
            </View>
            <Text id={tid('code-digits')} className='code-digits' data-code={code.code} userSelect={false}>
              {displayCode(code.code)}
            </Text>
            <Text id={tid('code-countdown')} className={cx('code-countdown', seconds <= 10 && 'code-countdown--low')} data-seconds={seconds}>
              {countdownText}
            </Text>
            <Btn id={tid('code-refresh')} kind='default' loading={busy} onClick={() => void refresh(true)}>
              刷新
            </Btn>
            <Text id={tid('code-notice')} className='code-notice'>
              截屏无效，付款码每分钟自动刷新
            </Text>
          </View>
        )}

        {!elder && code && (
          <View className='section'>
            <Text className='t-hint'>
              {memberId
                ? '收银员扫码后，本页会自动打开支付确认，核对费用后输入您本人的社保卡密码为亲属支付。请勿将医保码发给他人。'
                : '收银员扫码后，本页会自动打开支付确认，核对费用后输入社保卡密码完成支付。请勿将医保码发给他人。'}
            </Text>
          </View>
        )}

        <View className='section'>
          <ElderSwitch on={elder} onChange={setElder} />
        </View>
      </View>
    </PageShownContext.Provider>
  )
}
