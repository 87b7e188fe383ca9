import { View, Text } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, useUnload } from '@tarojs/taro'
import { useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import PinPad from '../../shared/ui/PinPad'
import SettlementView from '../../features/settlement/SettlementView'
import { ApiError, errorMessage } from '../../shared/api/client'
import { confirmSettlement, getPendingSettlements, getSettlement, type Settlement } from '../../features/settlement/api'
import { cx, useElderMode } from '../../shared/elder'
import { formatFen } from '../../features/settlement/money'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { PIN_LENGTH } from '../../lib/pin'
import { chinaTime, isFinalStatus, settlementStatusText } from '../../features/settlement/settlement'
import './index.css'

/** After confirming, the page follows the settlement until the terminal settles it. */
const STATUS_POLL_MS = 2_000
const STATUS_POLL_LIMIT_MS = 10 * 60_000

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'none' }
  | { kind: 'loaded'; settlement: Settlement }

interface PinError {
  message: string
  attemptsLeft?: number
  /** No more tries here: PIN locked or the confirmation window closed. */
  final?: boolean
}

/** 支付确认: the bill a terminal pre-settled with the holder's code, confirmed with the card PIN. */
export default function PayPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const router = useRouter()
  const [elder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [pinError, setPinError] = useState<PinError | undefined>()
  const [confirmed, setConfirmed] = useState(false)
  const loaded = useRef(false)
  const pollTimer = useRef<ReturnType<typeof setInterval> | undefined>()
  const pollUntil = useRef(0)
  const polling = useRef(false)

  const settlementId = (): string | undefined => {
    const raw = router.params?.id
    return raw ? decodeURIComponent(raw) : undefined
  }

  const stopPolling = () => {
    if (pollTimer.current !== undefined) clearInterval(pollTimer.current)
    pollTimer.current = undefined
  }

  const followStatus = (id: string) => {
    stopPolling()
    pollUntil.current = Date.now() + STATUS_POLL_LIMIT_MS
    pollTimer.current = setInterval(async () => {
      if (polling.current) return
      if (Date.now() > pollUntil.current) {
        stopPolling()
        return
      }
      polling.current = true
      try {
        const s = await getSettlement(id)
        setScreen({ kind: 'loaded', settlement: s })
        if (isFinalStatus(s.status)) stopPolling()
      } catch {
        // try again on the next tick
      } finally {
        polling.current = false
      }
    }, STATUS_POLL_MS)
  }

  const load = async () => {
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const id = settlementId()
      let s: Settlement | undefined
      if (id) s = await getSettlement(id)
      else s = (await getPendingSettlements()).find((p) => p.status === 'awaiting_confirmation')
      loaded.current = true
      if (!s) {
        setScreen({ kind: 'none' })
        return
      }
      setScreen({ kind: 'loaded', settlement: s })
      if (s.status === 'confirmed') followStatus(s.id)
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }

  useDidShow(() => {
    if (!confirmed) void load()
    else if (screen.kind === 'loaded' && !isFinalStatus(screen.settlement.status)) followStatus(screen.settlement.id)
  })
  useDidHide(stopPolling)
  useUnload(stopPolling)

  const submit = async (value: string) => {
    if (screen.kind !== 'loaded' || busy || value.length !== PIN_LENGTH) return
    const id = screen.settlement.id
    setBusy(true)
    setPinError(undefined)
    try {
      const s = await confirmSettlement(id, value)
      setConfirmed(true)
      setScreen({ kind: 'loaded', settlement: s })
      if (!isFinalStatus(s.status)) followStatus(s.id)
    } catch (err) {
      setPin('')
      if (err instanceof ApiError) {
        if (err.code === 'wrong_pin') {
          setPinError({ message: err.message, attemptsLeft: err.extra.attemptsLeft })
        } else if (err.code === 'pin_locked' || err.status === 423) {
          setPinError({ message: err.message, final: true })
        } else if (err.code === 'confirmation_expired') {
          setPinError({ message: err.message, final: true })
        } else if (err.status === 409) {
          // Cancelled or confirmed meanwhile: show what it is now.
          setPinError({ message: err.message, final: true })
          void load()
        } else {
          setPinError({ message: err.message })
        }
      } else {
        setPinError({ message: errorMessage(err) })
      }
    } finally {
      setBusy(false)
    }
  }

  const leave = () => {
    const pages = Taro.getCurrentPages()
    if (pages.length > 1) void Taro.navigateBack()
    else void Taro.reLaunch({ url: '/pages/index/index' })
  }

  const s = screen.kind === 'loaded' ? screen.settlement : undefined
  const awaiting = s?.status === 'awaiting_confirmation' && !confirmed
  const statusLine = (() => {
    if (!s) return ''
    if (s.status === 'confirmed') return elder ? '等待机构结算' : '已确认，等待医药机构完成结算…'
    if (s.status === 'settled') {
      return s.split.personalAccount > 0 ? `结算完成，个人账户已支付 ${formatFen(s.split.personalAccount)}` : '结算完成'
    }
    return settlementStatusText(s.status)
  })()

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-pay' className={cx('page', elder && 'elder')}>
        {screen.kind === 'loading' && (
          <View id={tid('pay-loading')} className='state'>
            <Text className='t-body'>正在加载支付信息…</Text>
          </View>
        )}
        {screen.kind === 'error' && (
          <View id={tid('pay-load-error')} className='state'>
            <Text className='form-error'>{screen.message}</Text>
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
                  {statusLine}
                </Text>
              </View>
            )}

            <SettlementView settlement={s} prefix='pay' elder={elder}>
              {awaiting && (
                <View className='section pay-pin'>
                  <Text className='t-subtitle'>
                    {elder ? '输入密码确认支付' : s.patient ? '请核对费用，输入您本人的社保卡密码为亲属确认支付' : '请核对费用，输入社保卡密码确认支付'}
                  </Text>
                  {!elder && s.confirmBy && <Text className='t-hint'>请在 {chinaTime(s.confirmBy)} 前确认，超时需收银员重新发起</Text>}
                  {pinError && (
                    <Text
                      id={tid('pay-error')}
                      className='form-error'
                      data-attempts-left={pinError.attemptsLeft === undefined ? '' : String(pinError.attemptsLeft)}
                    >
                      {pinError.message}
                    </Text>
                  )}
                  {!pinError?.final && (
                    <PinPad value={pin} onChange={setPin} onComplete={(v) => void submit(v)} disabled={busy} name='pay-pin' />
                  )}
                  {busy && <Text className='t-hint pay-busy'>正在确认…</Text>}
                  <Btn id={tid('pay-cancel')} kind='link' disabled={busy} onClick={leave}>
                    暂不支付
                  </Btn>
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
      </View>
    </PageShownContext.Provider>
  )
}
