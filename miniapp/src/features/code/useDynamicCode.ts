/**
 * The code on screen (出示电子社保卡码): a new one on every show, at refreshAt or on a tap; the
 * countdown clock; full brightness, screen on and screenshot protection while shown; an
 * offline code from the kept batch when the network is down; and, as soon as a terminal
 * pre-settles a bill with the code, `onPendingSettlement`. With `memberId` the code is a
 * bound relative's, issued through the family binding, with no offline batch.
 */
import Taro, { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { ApiError, errorMessage } from '../../shared/api/client'
import { getFamilyMember, issueFamilyCode, type FamilyMember } from '../family/api'
import { getPendingSettlements } from '../settlement/api'
import { issueCode } from './api'
import { OFFLINE_MIN_LEFT_MS, onlineCode, type ShownCode } from './dynamicCode'
import { forgetOfflineCodes, nextOfflineCode, refreshOfflineCodes } from './offlineCodes'
import { protectFromCapture, raiseScreenBrightness, restoreScreenBrightness } from './screen'

/** How often the page asks whether a terminal has pre-settled a bill with the code. */
const PENDING_POLL_MS = 2_000
/** After a network failure with a still-valid online code, try again this soon. */
const RETRY_MS = 5_000

export type CodeScreen =
  | { kind: 'loading' }
  | { kind: 'code'; shown: ShownCode }
  | { kind: 'error'; message: string; reason: 'network' | 'card' | 'unclaimed' | 'other' }

const CARD_REFUSED: Record<string, string> = {
  card_lost: '卡片已挂失，不能出示电子社保卡码。解除挂失后即可使用。',
  card_cancelled: '卡片已注销，不能出示电子社保卡码。',
}

/** The same refusals for a relative's card (only the relative can lift a loss report). */
const RELATIVE_CARD_REFUSED: Record<string, string> = {
  card_lost: '亲属的卡片已挂失，不能出示电子社保卡码。请亲属本人解除挂失后再使用。',
  card_cancelled: '亲属的卡片已注销，不能出示电子社保卡码。',
}

export interface DynamicCode {
  screen: CodeScreen
  /** The clock the countdown reads (ticks every second while shown). */
  now: number
  /** A new code is being asked for. */
  busy: boolean
  /** Whose code it is, with `memberId` (for the banner), once known. */
  member?: FamilyMember
  /** Asks for a new code now; `manual` (a tap) never keeps the code on screen. */
  refresh: (manual: boolean) => Promise<void>
}

export function useDynamicCode(memberId: string | undefined, onPendingSettlement: (settlementId: string) => void): DynamicCode {
  const [screen, setScreen] = useState<CodeScreen>({ kind: 'loading' })
  const [now, setNow] = useState(() => Date.now())
  const [busy, setBusy] = useState(false)
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
  const pendingSettlement = useRef(onPendingSettlement)
  pendingSettlement.current = onPendingSettlement

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
          message: memberId ? '网络连接失败，亲属的电子社保卡码需要联网使用，请联网后重试' : '网络连接失败，暂无可用的离线码，请联网后重试',
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
        setScreen({ kind: 'error', reason: 'unclaimed', message: '您还没有在本应用领取电子社保卡' })
      } else {
        setScreen({ kind: 'error', reason: 'other', message: errorMessage(err) })
      }
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }
  refreshRef.current = refresh

  /** A terminal pre-settled a bill with the code: hand it on (once per settlement). */
  const pollPending = useCallback(async () => {
    if (polling.current || !active.current || !current.current) return
    polling.current = true
    try {
      const pending = await getPendingSettlements()
      const next = pending.find((s) => s.status === 'awaiting_confirmation' && !openedSettlements.current.has(s.id))
      if (next && active.current) {
        openedSettlements.current.add(next.id)
        pendingSettlement.current(next.id)
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
      void Taro.showToast({ title: '截屏无效，已刷新电子社保卡码', icon: 'none' })
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

  return { screen, now, busy, member, refresh }
}
