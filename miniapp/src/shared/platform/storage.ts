/**
 * Every difference between WeChat, Alipay and H5 lives here: login, the face UI
 * handoff, storage quirks, request error shapes and coming back from a web face page.
 * Branches test `process.env.TARO_ENV`, which the build replaces with a literal, so
 * each platform's bundle keeps only its own branch.
 */
import Taro from '@tarojs/taro'

export type PlatformName = 'weapp' | 'alipay' | 'h5'

export const platform: PlatformName =
  process.env.TARO_ENV === 'alipay' ? 'alipay' : process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'

/** The channel this build logs in to (see the extra API contract). */
export const channelId: string =
  process.env.TARO_ENV === 'alipay' ? 'alipay-demo' : process.env.TARO_ENV === 'h5' ? 'sandbox' : 'weapp-demo'

const KEY_PREFIX = 'essc.'
const H5_USER_KEY = 'h5User'
const PENDING_FACE_KEY = 'pendingFace'
/** Storage key of the kept offline code batch; it belongs to the logged-in user. */
export const OFFLINE_CODES_KEY = 'offlineCodes'

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

/**
 * Persistent key-value storage. Values are JSON-encoded by us, so Alipay (which wraps
 * sync reads as `{data}` in old base libraries) and H5 (localStorage, may throw in
 * private mode) behave the same.
 */
export const storage = {
  get<T>(key: string): T | undefined {
    try {
      let raw: unknown = Taro.getStorageSync(KEY_PREFIX + key)
      if (process.env.TARO_ENV === 'alipay' && raw && typeof raw === 'object' && 'data' in raw) {
        raw = (raw as { data: unknown }).data
      }
      if (typeof raw !== 'string' || raw === '') return undefined
      return JSON.parse(raw) as T
    } catch {
      return undefined
    }
  },
  set(key: string, value: unknown): void {
    try {
      Taro.setStorageSync(KEY_PREFIX + key, JSON.stringify(value))
    } catch {
      // Storage full or unavailable: the app still works for this session.
    }
  },
  remove(key: string): void {
    try {
      Taro.removeStorageSync(KEY_PREFIX + key)
    } catch {
      // ignore
    }
  },
}

/**
 * Short-lived state that must survive the face UI. Mini-programs keep the page alive
 * while the face UI runs, so memory is enough; H5 leaves the page for the provider's
 * web page, so it uses sessionStorage (this tab only, gone when the tab closes), never
 * localStorage: it may hold the name and ID number typed for a claim.
 */
const memoryStash = new Map<string, string>()

export const handoffStash = {
  set(key: string, value: unknown): void {
    const raw = JSON.stringify(value)
    if (process.env.TARO_ENV === 'h5') {
      try {
        window.sessionStorage.setItem(KEY_PREFIX + key, raw)
        return
      } catch {
        // fall through to memory
      }
    }
    memoryStash.set(key, raw)
  },
  take<T>(key: string): T | undefined {
    let raw: string | null | undefined = memoryStash.get(key)
    memoryStash.delete(key)
    if (process.env.TARO_ENV === 'h5') {
      try {
        raw = window.sessionStorage.getItem(KEY_PREFIX + key) ?? raw
        window.sessionStorage.removeItem(KEY_PREFIX + key)
      } catch {
        // ignore
      }
    }
    if (!raw) return undefined
    try {
      return JSON.parse(raw) as T
    } catch {
      return undefined
    }
  },
}

// ---------------------------------------------------------------------------
// Login
// ---------------------------------------------------------------------------

function randomId(): string {
  const bytes: string[] = []
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(Math.random() * 16).toString(16))
  return `h5-${Date.now().toString(36)}-${bytes.join('')}`
}

/** Query parameters of an H5 URL, from both the search part and the hash route. */
function h5QueryParams(): Map<string, string> {
  const params = new Map<string, string>()
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return params
  const { search, hash } = window.location
  const parts = [search.replace(/^\?/, '')]
  // With hash routing the query may sit inside the hash: #/pages/x/index?user=a&b=c
  const hashQuery = hash.indexOf('?')
  if (hashQuery >= 0) parts.push(hash.slice(hashQuery + 1))
  for (const part of parts) {
    for (const pair of part.split(/[?&]/)) {
      if (!pair) continue
      const eq = pair.indexOf('=')
      const k = eq >= 0 ? pair.slice(0, eq) : pair
      const v = eq >= 0 ? pair.slice(eq + 1) : ''
      try {
        params.set(decodeURIComponent(k), decodeURIComponent(v.replace(/\+/g, ' ')))
      } catch {
        params.set(k, v)
      }
    }
  }
  return params
}

/**
 * H5 only: the sandbox user comes from `?user=` (persisted, so it survives navigation
 * and the face page's redirect), else a random id made once and kept.
 */
export function h5User(): string {
  const fromUrl = h5QueryParams().get('user')
  if (fromUrl && /^[\w.-]{1,64}$/.test(fromUrl)) {
    if (storage.get<string>(H5_USER_KEY) !== fromUrl) {
      storage.set(H5_USER_KEY, fromUrl)
      // A different user: the old session and offline codes belong to someone else.
      storage.remove('session')
      storage.remove(OFFLINE_CODES_KEY)
    }
    return fromUrl
  }
  const kept = storage.get<string>(H5_USER_KEY)
  if (kept) return kept
  const made = randomId()
  storage.set(H5_USER_KEY, made)
  return made
}

/** Called once at launch: settles the H5 user before any request is made. */
export function initPlatform(): void {
  if (process.env.TARO_ENV === 'h5') h5User()
}

/** A one-time login code for `POST /v1/sessions`. */
export function getLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return weappLoginCode()
  if (process.env.TARO_ENV === 'alipay') return alipayLoginCode()
  return Promise.resolve(`sandbox:${h5User()}`)
}

/** wx.login: a code the server exchanges with jscode2session. */
function weappLoginCode(): Promise<string> {
  return Taro.login().then((res) => {
    if (!res.code) throw new Error('wx.login returned no code')
    return res.code
  })
}

/** my.getAuthCode (silent auth_base scope): a code the server exchanges with system.oauth.token. */
function alipayLoginCode(): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (typeof my === 'undefined' || !my) {
      reject(new Error('my is not available'))
      return
    }
    my.getAuthCode({
      scopes: 'auth_base',
      success: (res) => (res.authCode ? resolve(res.authCode) : reject(new Error('no authCode'))),
      fail: (err) => reject(new Error(err.errorMessage || 'my.getAuthCode failed')),
    })
  })
}

// ---------------------------------------------------------------------------
// Network quirks
// ---------------------------------------------------------------------------

/**
 * H5 only: an API base URL set by the page that serves the app
 * (`<script>window.__ESSC_API_URL__="..."</script>`), so one build works against an API
 * on any host. Mini-programs use the build-time TARO_APP_API_URL only.
 */
export function runtimeApiUrl(): string | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined
  const v = (window as unknown as { __ESSC_API_URL__?: unknown }).__ESSC_API_URL__
  return typeof v === 'string' && /^https?:\/\//.test(v) ? v : undefined
}

export interface RawResponse {
  statusCode: number
  data: unknown
}

/**
 * Alipay's my.request treats any non-2xx status as a failure (error 19) and puts the
 * status and body on the error; WeChat and H5 resolve with statusCode. Turns such a
 * rejection back into a response, or returns undefined for a real network error.
 */
export function responseFromRequestError(err: unknown): RawResponse | undefined {
  if (!err || typeof err !== 'object') return undefined
  const e = err as { status?: unknown; statusCode?: unknown; data?: unknown }
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined
  if (status === undefined || status < 100) return undefined
  let data = e.data
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      // leave as text
    }
  }
  return { statusCode: status, data }
}

// ---------------------------------------------------------------------------
// Face UI handoff
// ---------------------------------------------------------------------------

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
  storage.set(PENDING_FACE_KEY, { verificationId: start.id, route: pending.route, startedAt: record.startedAt })
  window.location.href = h.url
  return { kind: 'redirected' }
}

/**
 * H5: the face verification this page started before leaving for the face page, if
 * any (taken once). Mini-programs never leave the page, so always undefined there.
 */
export function takePendingFace<S>(route: string): PendingFace<S> | undefined {
  if (process.env.TARO_ENV !== 'h5') return undefined
  const stashed = handoffStash.take<PendingFace<S>>(PENDING_FACE_KEY)
  const kept = storage.get<{ verificationId: string; route: string; startedAt: number }>(PENDING_FACE_KEY)
  storage.remove(PENDING_FACE_KEY)
  const found: PendingFace<S> | undefined =
    stashed ?? (kept ? { verificationId: kept.verificationId, route: kept.route, purpose: '', startedAt: kept.startedAt } : undefined)
  if (!found || found.route !== route) {
    if (found) {
      // Belongs to another page: put it back.
      handoffStash.set(PENDING_FACE_KEY, found)
      storage.set(PENDING_FACE_KEY, { verificationId: found.verificationId, route: found.route, startedAt: found.startedAt })
    }
    return undefined
  }
  // An hour is the longest any provider keeps a verification open.
  if (Date.now() - found.startedAt > 60 * 60 * 1000) return undefined
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

/** The route of the current page without a leading slash, e.g. pages/claim/index. */
export function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  const page = pages[pages.length - 1]
  return (page?.route || '').replace(/^\//, '').split('?')[0] || ''
}

// ---------------------------------------------------------------------------
// Showing a code: screen brightness, screen on, screenshots
// ---------------------------------------------------------------------------

/** Calls a Taro API only when this platform's base library has it; never throws. */
async function tryApi<T>(call: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await call()
  } catch {
    return undefined
  }
}

let savedBrightness: number | undefined
let brightnessRaised = false

/**
 * Full brightness while a code is on screen, so scanners read it (WeChat, Alipay; H5
 * cannot set it). The level before is kept for `restoreScreenBrightness`.
 */
export async function raiseScreenBrightness(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return
  if (brightnessRaised) return
  brightnessRaised = true
  if (savedBrightness === undefined && typeof Taro.getScreenBrightness === 'function') {
    const res = await tryApi(() => Taro.getScreenBrightness())
    const value = res && typeof res.value === 'number' ? res.value : undefined
    // Restored meanwhile (the page was left at once): leave the screen alone.
    if (!brightnessRaised) return
    savedBrightness = value
  }
  if (typeof Taro.setScreenBrightness === 'function') await tryApi(() => Taro.setScreenBrightness({ value: 1 }))
  if (typeof Taro.setKeepScreenOn === 'function') await tryApi(() => Taro.setKeepScreenOn({ keepScreenOn: true }))
}

/** Puts the brightness back as it was before `raiseScreenBrightness`. */
export async function restoreScreenBrightness(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return
  if (!brightnessRaised) return
  brightnessRaised = false
  const value = savedBrightness
  savedBrightness = undefined
  if (value !== undefined && typeof Taro.setScreenBrightness === 'function') {
    await tryApi(() => Taro.setScreenBrightness({ value }))
  }
  if (typeof Taro.setKeepScreenOn === 'function') await tryApi(() => Taro.setKeepScreenOn({ keepScreenOn: false }))
}

/**
 * While a code is shown: screenshots and recordings show a blank screen where the
 * platform allows it (WeChat on Android: setVisualEffectOnCapture), and `onCapture` runs
 * when the holder takes a screenshot anyway (the page refreshes the code, so the picture
 * is of a void code). Returns the function that undoes both. H5: nothing to do.
 */
export function protectFromCapture(onCapture: () => void): () => void {
  if (process.env.TARO_ENV === 'h5') return () => undefined
  if (typeof Taro.setVisualEffectOnCapture === 'function') {
    void tryApi(() => Taro.setVisualEffectOnCapture({ visualEffect: 'hidden' }))
  }
  const listener = () => onCapture()
  let listening = false
  if (typeof Taro.onUserCaptureScreen === 'function') {
    try {
      Taro.onUserCaptureScreen(listener)
      listening = true
    } catch {
      // not available in this base library
    }
  }
  return () => {
    if (typeof Taro.setVisualEffectOnCapture === 'function') {
      void tryApi(() => Taro.setVisualEffectOnCapture({ visualEffect: 'none' }))
    }
    if (listening && typeof Taro.offUserCaptureScreen === 'function') {
      try {
        Taro.offUserCaptureScreen(listener)
      } catch {
        // ignore
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Scanning a QR code (scan-to-login)
// ---------------------------------------------------------------------------

/** Whether this platform can scan with the camera (WeChat, Alipay); H5 takes a pasted link instead. */
export const canScanCode: boolean = process.env.TARO_ENV !== 'h5'

export type ScanOutcome =
  | { kind: 'scanned'; text: string }
  | { kind: 'cancelled' }
  | { kind: 'unsupported'; message: string }
  | { kind: 'failed'; message: string }

/**
 * The camera scanner (wx.scanCode / my.scan, camera only, QR codes). WeChat answers
 * `{result}`, Alipay `{code}`; a cancel is not an error to show.
 */
export function scanCode(): Promise<ScanOutcome> {
  // A plain return on a build-time constant, so the H5 bundle drops the camera branch.
  if (process.env.TARO_ENV === 'h5') return Promise.resolve({ kind: 'unsupported', message: '当前环境不能扫码，请粘贴登录链接' })
  return cameraScan()
}

async function cameraScan(): Promise<ScanOutcome> {
  if (typeof Taro.scanCode !== 'function') return { kind: 'unsupported', message: '当前版本不支持扫码，请升级后重试' }
  try {
    const res = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })) as { result?: string; code?: string; qrCode?: string }
    const text = res.result || res.code || res.qrCode || ''
    return text ? { kind: 'scanned', text } : { kind: 'failed', message: '未识别到二维码，请重新扫码' }
  } catch (err) {
    const e = (err || {}) as { errMsg?: string; errorMessage?: string; error?: number }
    // WeChat: "scanCode:fail cancel"; Alipay: error 10 (user cancelled).
    if ((e.errMsg && /cancel/i.test(e.errMsg)) || e.error === 10) return { kind: 'cancelled' }
    return { kind: 'failed', message: '扫码失败，请重试' }
  }
}
