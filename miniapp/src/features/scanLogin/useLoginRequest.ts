/**
 * 扫码登录: the login request of a scanned `essc://login?r=<id>` (the route's `r`), the
 * countdown to its expiry, and the holder's confirmation: the card PIN for level 1
 * (openid, profile), a face check (purpose login) for level 2 (idcard). A request that
 * can no longer be confirmed here ends the page in an error. `route` is the page's,
 * where the H5 face page comes back to.
 */
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { getFaceResult, type FaceResult } from '../face/api'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../face/face'
import { confirmLoginRequest, getLoginRequest, type LoginRequestView } from './api'
import { FINAL_LOGIN_ERRORS, loginRequestIdOf, secondsUntil } from './loginRequest'

const EXPIRED = { code: 'login_request_expired', message: '该登录请求已过期，请在网站上刷新二维码后重新扫码' }
const ALREADY = { code: 'login_request_already_confirmed', message: '该登录请求已确认过，不能重复确认' }

export type LoginScreen =
  | { kind: 'loading' }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'loaded'; request: LoginRequestView }
  | { kind: 'done' }

/** What survives the H5 face page: the login request being confirmed. */
interface LoginStash {
  id: string
}

/** `routeR`: the route's `r` as given. */
export function useLoginRequest(route: string, routeR: string | undefined) {
  const [screen, setScreen] = useState<LoginScreen>({ kind: 'loading' })
  const [now, setNow] = useState(() => Date.now())
  const [pinOpen, setPinOpen] = useState(false)
  const [face, setFace] = useState<FaceState | undefined>()
  /** The request resumed after the H5 face page, when the route lost it. */
  const [resumedId, setResumedId] = useState<string | undefined>()
  /** Who asked: kept even when the confirmation (after the H5 face page) beat the request's load. */
  const [portalName, setPortalName] = useState<string | undefined>()
  const tick = useRef<ReturnType<typeof setInterval> | undefined>()
  const finished = useRef(false)

  const requestId = resumedId ?? loginRequestIdOf(routeR)

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
    const pending = resumePendingFace<LoginStash>(route)
    if (!pending) return
    const id = pending.state?.id ?? loginRequestIdOf(routeR)
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
      const outcome = await runFace<LoginStash>({ purpose: 'login' }, route, { id }, { r: id })
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result, id)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(err)
    }
  }

  /** 确认登录: the PIN sheet for level 1, the face check for level 2. */
  const confirm = () => {
    if (!request) return
    if (request.level >= 2) void startFace()
    else setPinOpen(true)
  }

  /** Asks the server again for a pending face result. */
  const checkPending = () => void getFaceResult(face!.pendingId!).then((r) => requestId && applyFaceResult(r, requestId), faceFailed)

  return {
    screen,
    request,
    seconds,
    portalName,
    face,
    checkPending,
    confirm,
    pinOpen,
    closePin: () => setPinOpen(false),
    submitPin,
  }
}
