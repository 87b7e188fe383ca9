/**
 * The essc holder API client (API.md plus the mini-program contract), on Taro.request.
 * Logs in on first use, keeps the session token in storage and, on a 401, logs in
 * again once and retries. Every failure becomes an `ApiError` whose `message` is a
 * zh-CN sentence to show: the server's `detail` when it gives one.
 */
import Taro from '@tarojs/taro'
import { channelId, getLoginCode, platform } from '../platform/login'
import { rememberEmbedOrigins } from '../platform/embed'
import { responseFromRequestError, runtimeApiUrl, type RawResponse } from '../platform/network'
import { SESSION_KEY, storage } from '../platform/storage'

const BUILD_API_URL: string = process.env.TARO_APP_API_URL || 'http://127.0.0.1:3000'

/** The API base URL: H5's runtime override (window.__ESSC_API_URL__) or the build's TARO_APP_API_URL. */
export function apiUrl(): string {
  return (runtimeApiUrl() || BUILD_API_URL).replace(/\/+$/, '')
}

/** The zh-CN sentence for a failure the server did not explain. */
export const GENERIC_ERROR = '服务暂时不可用，请稍后再试'
const NETWORK_ERROR = '网络连接失败，请检查网络后重试'

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export interface FieldError {
  field: string
  message: string
}

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  errors?: FieldError[]
  /** wrong_pin: PIN tries left before the lock. */
  attemptsLeft?: number
  /** face_locked: the manual review case opened after too many failed face checks. */
  reviewId?: string
  /** pin_locked: until when the PIN stays locked. */
  lockedUntil?: string
  /** pin_locked: the API path that resets the PIN by face. */
  resetPath?: string
  /** confirmation_required: why (current_channel, last_binding). */
  reason?: string
}

/** Extra members of a problem body the app uses. */
export type ProblemExtra = Pick<Problem, 'attemptsLeft' | 'reviewId' | 'lockedUntil' | 'resetPath' | 'reason'>

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly errors: FieldError[] = [],
    /** Extra members of the problem body: `attemptsLeft` of wrong_pin, `reviewId` of face_locked, `lockedUntil` / `resetPath` of pin_locked. */
    readonly extra: ProblemExtra = {},
  ) {
    super(message)
  }

  /** True when no response came back (no network, timeout, DNS): nothing reached the server. */
  get isNetwork(): boolean {
    return this.status === 0
  }

  /** The message for one input field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message
  }
}

/** A zh-CN message for anything thrown by this module (or anything else). */
export function errorMessage(err: unknown, fallback = GENERIC_ERROR): string {
  if (err instanceof ApiError) return err.message
  return fallback
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof ApiError ? err.code : undefined
}

/** The card PIN is locked (423 pin_locked): the way on is a PIN reset by face (`/pages/pin-reset/index`). */
export function isPinLocked(err: unknown): boolean {
  return errorCode(err) === 'pin_locked'
}

// ---------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

interface Session {
  token: string
  expiresAt?: string
}

async function send(method: Method, path: string, body: unknown, token?: string): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (body !== undefined) header['Content-Type'] = 'application/json'
  if (token) header.Authorization = `Bearer ${token}`
  try {
    const res = await Taro.request({
      url: `${apiUrl()}${path}`,
      method,
      data: body === undefined ? undefined : (body as Record<string, unknown>),
      header,
      dataType: 'json',
      timeout: 20000,
    })
    let data: unknown = res.data
    if (typeof data === 'string' && data) {
      try {
        data = JSON.parse(data)
      } catch {
        // not JSON
      }
    }
    return { statusCode: res.statusCode, data }
  } catch (err) {
    const res = responseFromRequestError(err)
    if (res) return res
    throw new ApiError(NETWORK_ERROR, 0, 'network_error')
  }
}

function toApiError(res: RawResponse): ApiError {
  const p = (res.data && typeof res.data === 'object' ? res.data : {}) as Problem
  const errors = Array.isArray(p.errors) ? p.errors.filter((e) => e && typeof e.field === 'string') : []
  let message = typeof p.detail === 'string' && p.detail.trim() ? p.detail : ''
  if (!message) {
    if (res.statusCode === 401) message = '登录已失效，请重新进入'
    else if (res.statusCode === 429) message = '操作太频繁，请稍后再试'
    else if (res.statusCode >= 500) message = GENERIC_ERROR
    else message = '请求未能完成，请稍后再试'
  }
  const extra: ProblemExtra = {}
  if (typeof p.attemptsLeft === 'number') extra.attemptsLeft = p.attemptsLeft
  if (typeof p.reviewId === 'string' && p.reviewId) extra.reviewId = p.reviewId
  if (typeof p.lockedUntil === 'string' && p.lockedUntil) extra.lockedUntil = p.lockedUntil
  if (typeof p.resetPath === 'string' && p.resetPath) extra.resetPath = p.resetPath
  if (typeof p.reason === 'string' && p.reason) extra.reason = p.reason
  return new ApiError(message, res.statusCode, typeof p.code === 'string' ? p.code : undefined, errors, extra)
}

let loginInFlight: Promise<string> | undefined

/** Logs in with a fresh platform code and keeps the token. Concurrent callers share one login. */
export function login(): Promise<string> {
  if (!loginInFlight) {
    loginInFlight = (async () => {
      let loginCode: string
      try {
        loginCode = await getLoginCode()
      } catch {
        throw new ApiError('登录失败，请稍后重试', 0, 'login_failed')
      }
      const res = await send('POST', '/v1/sessions', { channelId: channelId(), platform, loginCode })
      if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res)
      const session = res.data as Session & { embedOrigins?: unknown }
      if (!session || typeof session.token !== 'string') throw new ApiError(GENERIC_ERROR, res.statusCode, 'bad_session')
      storage.set(SESSION_KEY, { token: session.token, expiresAt: session.expiresAt })
      rememberEmbedOrigins(session.embedOrigins)
      return session.token
    })().finally(() => {
      loginInFlight = undefined
    })
  }
  return loginInFlight
}

function savedToken(): string | undefined {
  const s = storage.get<Session>(SESSION_KEY)
  if (!s || typeof s.token !== 'string') return undefined
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now() + 30_000) return undefined
  return s.token
}

/** An authenticated request; on 401 logs in again once and retries. */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let token = savedToken() ?? (await login())
  let res = await send(method, path, body, token)
  if (res.statusCode === 401) {
    storage.remove(SESSION_KEY)
    token = await login()
    res = await send(method, path, body, token)
  }
  if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res)
  return res.data as T
}

/** `?subjectCardId=` for a bound relative's records (亲情服务), nothing for the holder's own. */
export function subjectQuery(subjectCardId: string | undefined): string {
  return subjectCardId ? `subjectCardId=${encodeURIComponent(subjectCardId)}` : ''
}

/** `path` with the non-empty query parts joined. */
export function withQuery(path: string, ...parts: string[]): string {
  const q = parts.filter(Boolean).join('&')
  return q ? `${path}?${q}` : path
}
