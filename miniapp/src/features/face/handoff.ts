/**
 * The face UI handoff on each platform: WeChat's and Alipay's face APIs, and H5's trip to
 * the provider's web page and back. Branches test `process.env.TARO_ENV`, which the build
 * replaces with a literal, so each platform's bundle keeps only its own branch.
 */
import { handoffStash, keepOwned, keptValue, PENDING_FACE_KEY, storage } from '../../shared/platform/storage'
import { STASH_MAX_AGE_MS } from '../../shared/stashRules'

/** What is kept in localStorage too (no name or ID number), should the tab's sessionStorage be lost. */
interface KeptFace {
  verificationId: string
  route: string
  startedAt: number
}

export type FaceProvider = 'wechat' | 'alipay' | 'tencent' | 'sandbox'

export interface FaceStart {
  id: string
  provider: FaceProvider | string
  handoff: Record<string, string | undefined>
  expiresAt?: string
}

/**
 * What the client learned from the face UI. Never a verdict: the caller must always
 * ask the server for the result. `redirected` means the page is being left (H5).
 */
export type HandoffOutcome =
  | { kind: 'returned' }
  | { kind: 'cancelled'; message: string }
  | { kind: 'unsupported'; message: string }
  | { kind: 'redirected' }

/** What an H5 page remembers while the face page is open. */
export interface PendingFace<S = unknown> {
  verificationId: string
  purpose: string
  /** The page route that started it, e.g. pages/claim/index. */
  route: string
  state?: S
  startedAt: number
}

/**
 * The URL the web face page sends the user back to (H5 only): this app, at `route`.
 * The hash route always carries a query (`?face=1`), so however the face page appends
 * `faceToken` (`?` or `&`, to the search part or to the end of the URL), the route
 * still matches.
 */
export function faceReturnUrl(route: string, query?: Record<string, string | undefined>): string | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined
  const { origin, pathname, search } = window.location
  const base = withoutFaceToken(`${origin}${pathname}${search}`)
  // The page's own query (e.g. subjectCardId) comes back too, so a reload shows the same page.
  const params = Object.entries(query ?? {})
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'face' && e[0] !== 'faceToken')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  return `${base}#/${route.replace(/^\/+/, '')}?${[...params, 'face=1'].join('&')}`
}

/** `href` without any faceToken parameter (in the search part or in the hash route). */
export function withoutFaceToken(href: string): string {
  return href.replace(/([?&])faceToken=[^&#]*&?/g, '$1').replace(/[?&](#|$)/g, '$1')
}

function wxCall<T>(fn: (cb: { success: (r: T) => void; fail: (e: { errCode?: number; errMsg?: string }) => void }) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn({ success: resolve, fail: reject }))
}

/**
 * Runs the provider's face UI with what the server's handoff says. For H5 the page is
 * left (the face page comes back to `faceReturnUrl()`); `pending` is kept in
 * sessionStorage for `takePendingFace` on the way back.
 */
export function runFaceHandoff<S>(start: FaceStart, pending: Omit<PendingFace<S>, 'verificationId' | 'startedAt'>): Promise<HandoffOutcome> {
  // Plain returns on build-time constants, so each bundle keeps only its own branch.
  if (process.env.TARO_ENV === 'weapp') return weappFace(start)
  if (process.env.TARO_ENV === 'alipay') return alipayFace(start)
  return Promise.resolve(h5Face(start, pending))
}

/** WeChat face verification 2.0: check support first, then wx.requestFacialVerify({verifyId}). */
async function weappFace(start: FaceStart): Promise<HandoffOutcome> {
  const h = start.handoff || {}
  if (typeof wx === 'undefined' || !wx || !h.verifyId) {
    return { kind: 'unsupported', message: '当前微信版本不支持刷脸核身，请升级微信后重试' }
  }
  const api = wx
  try {
    await wxCall<unknown>((cb) => api.checkIsSupportFacialRecognition({ checkAliveType: 2, ...cb }))
  } catch (err) {
    const e = err as { errMsg?: string }
    return { kind: 'unsupported', message: `当前设备不支持刷脸核身${e.errMsg ? `（${e.errMsg}）` : ''}` }
  }
  try {
    await wxCall<unknown>((cb) => api.requestFacialVerify({ verifyId: h.verifyId as string, ...cb }))
  } catch (err) {
    const e = err as { errCode?: number; errMsg?: string }
    // The server decides; a failed or cancelled UI still gets a server-side result.
    if (e.errMsg && /cancel/i.test(e.errMsg)) return { kind: 'cancelled', message: '已取消刷脸' }
  }
  return { kind: 'returned' }
}

/** Alipay: my.startAPVerify({url, certifyId}). resultStatus 6001 is a cancel. */
function alipayFace(start: FaceStart): Promise<HandoffOutcome> {
  const h = start.handoff || {}
  if (typeof my === 'undefined' || !my || !h.url || !h.certifyId) {
    return Promise.resolve({ kind: 'unsupported', message: '当前支付宝版本不支持刷脸认证，请升级后重试' })
  }
  const api = my
  return new Promise<HandoffOutcome>((resolve) => {
    api.startAPVerify({
      url: h.url as string,
      certifyId: h.certifyId as string,
      success: (res) => resolve(res.resultStatus === '6001' ? { kind: 'cancelled', message: '已取消刷脸' } : { kind: 'returned' }),
      fail: () => resolve({ kind: 'returned' }),
    })
  })
}

/** H5 (tencent {bizToken, url}, sandbox {url}): leave for the provider's web page. */
function h5Face<S>(start: FaceStart, pending: Omit<PendingFace<S>, 'verificationId' | 'startedAt'>): HandoffOutcome {
  const h = start.handoff || {}
  if (!h.url) return { kind: 'unsupported', message: '暂不支持此刷脸方式' }
  const record: PendingFace<S> = { ...pending, verificationId: start.id, startedAt: Date.now() }
  handoffStash.set(PENDING_FACE_KEY, record)
  storage.set(PENDING_FACE_KEY, keepOwned({ verificationId: start.id, route: pending.route, startedAt: record.startedAt } satisfies KeptFace))
  window.location.href = h.url
  return { kind: 'redirected' }
}

/**
 * H5: the face verification this page started before leaving for the face page, if
 * any (taken once). Only the H5 user (and partner launch) that started it gets it back,
 * within 30 minutes (`STASH_MAX_AGE_MS`): the family-add stash holds a relative's name
 * and ID number. Mini-programs never leave the page, so always undefined there.
 */
export function takePendingFace<S>(route: string): PendingFace<S> | undefined {
  if (process.env.TARO_ENV !== 'h5') return undefined
  const stashed = handoffStash.take<PendingFace<S>>(PENDING_FACE_KEY)
  const kept = keptValue<KeptFace>(storage.get(PENDING_FACE_KEY))
  storage.remove(PENDING_FACE_KEY)
  const found: PendingFace<S> | undefined =
    stashed ?? (kept ? { verificationId: kept.verificationId, route: kept.route, purpose: '', startedAt: kept.startedAt } : undefined)
  if (!found || found.route !== route) {
    if (found) {
      // Belongs to another page: put it back.
      handoffStash.set(PENDING_FACE_KEY, found)
      storage.set(PENDING_FACE_KEY, keepOwned({ verificationId: found.verificationId, route: found.route, startedAt: found.startedAt } satisfies KeptFace))
    }
    return undefined
  }
  // Started too long ago (put back for another page resets only the stash's own time).
  if (Date.now() - found.startedAt > STASH_MAX_AGE_MS) return undefined
  stripFaceTokenFromUrl()
  return found
}

/** Removes `faceToken` from the address bar after coming back, so a reload does not replay it. */
function stripFaceTokenFromUrl(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  const href = window.location.href
  if (!/faceToken=/.test(href)) return
  const clean = withoutFaceToken(href)
  try {
    window.history.replaceState(window.history.state, '', clean)
  } catch {
    // ignore
  }
}
