/**
 * The essc holder API client (API.md plus the mini-program contract), on Taro.request.
 * Logs in on first use, keeps the session token in storage and, on a 401, logs in
 * again once and retries. Every failure becomes an `ApiError` whose `message` is a
 * zh-CN sentence to show: the server's `detail` when it gives one.
 */
import Taro from '@tarojs/taro'
import {
  channelId,
  getLoginCode,
  platform,
  responseFromRequestError,
  runtimeApiUrl,
  storage,
  OFFLINE_CODES_KEY,
  type FaceStart,
  type RawResponse,
} from '../platform'
import type { IssuedCode, OfflineBatchResponse } from '../lib/dynamicCode'

const BUILD_API_URL: string = process.env.TARO_APP_API_URL || 'http://127.0.0.1:3000'

/** The API base URL: H5's runtime override (window.__ESSC_API_URL__) or the build's TARO_APP_API_URL. */
export function apiUrl(): string {
  return (runtimeApiUrl() || BUILD_API_URL).replace(/\/+$/, '')
}

const SESSION_KEY = 'session'
const GENERIC_ERROR = '服务暂时不可用，请稍后再试'
const NETWORK_ERROR = '网络连接失败，请检查网络后重试'

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export type CardStatus = 'normal' | 'lost_temporary' | 'lost_formal' | 'cancelled'

export interface LossReport {
  kind: 'temporary' | 'formal'
  expiresAt?: string
}

export interface Card {
  id: string
  maskedName: string
  maskedIdNumber: string
  maskedCardNumber: string
  region: string
  regionName?: string
  status: CardStatus
  level?: number | string
  lossReport?: LossReport | null
}

export type FacePurpose = 'claim' | 'payment' | 'pension' | 'family' | 'unbind' | 'unlock'

export interface FaceResult {
  id: string
  status: 'passed' | 'failed' | 'pending'
  attemptsLeft: number
}

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
}

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly errors: FieldError[] = [],
    /** Extra members of the problem body, e.g. `attemptsLeft` of wrong_pin. */
    readonly extra: { attemptsLeft?: number } = {},
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

// ---------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------

type Method = 'GET' | 'POST' | 'DELETE'

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
  const extra = typeof p.attemptsLeft === 'number' ? { attemptsLeft: p.attemptsLeft } : {}
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
      const res = await send('POST', '/v1/sessions', { channelId, platform, loginCode })
      if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res)
      const session = res.data as Session
      if (!session || typeof session.token !== 'string') throw new ApiError(GENERIC_ERROR, res.statusCode, 'bad_session')
      storage.set(SESSION_KEY, session)
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

export function logout(): void {
  storage.remove(SESSION_KEY)
  storage.remove(OFFLINE_CODES_KEY)
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

// ---------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------

/** The holder's card in this channel, or null when not claimed here (`card_not_found`). */
export async function getMyCard(): Promise<Card | null> {
  try {
    const res = await request<{ card: Card }>('GET', '/v1/cards/me')
    return res.card
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code === 'card_not_found') return null
    throw err
  }
}

export interface StartFaceInput {
  purpose: FacePurpose
  name?: string
  idNumber?: string
  returnUrl?: string
}

export function startFaceVerification(input: StartFaceInput): Promise<FaceStart> {
  return request<FaceStart>('POST', '/v1/face-verifications', input)
}

/** The server asks the provider; the only result this app trusts. */
export function getFaceResult(id: string): Promise<FaceResult> {
  return request<FaceResult>('POST', `/v1/face-verifications/${encodeURIComponent(id)}/result`)
}

export interface ClaimInput {
  name: string
  idNumber: string
  faceVerificationId: string
  pin: string
}

export async function claimCard(input: ClaimInput): Promise<Card> {
  const res = await request<{ card: Card }>('POST', '/v1/cards/claims', { ...input, consent: true })
  return res.card
}

export async function reportLoss(kind: 'temporary' | 'formal', pin: string): Promise<Card | undefined> {
  const res = await request<{ card?: Card } | null>('POST', '/v1/cards/me/loss-reports', { kind, pin })
  return res?.card
}

export async function liftLoss(pin: string, faceVerificationId: string): Promise<Card | undefined> {
  const res = await request<{ card?: Card } | null>('DELETE', '/v1/cards/me/loss-reports', { pin, faceVerificationId })
  return res?.card
}

export async function unbindCurrent(proof: { pin: string } | { faceVerificationId: string }): Promise<void> {
  await request<unknown>('DELETE', '/v1/cards/me/bindings/current', proof)
}

// ---------------------------------------------------------------------------
// Dynamic codes, settlements, personal account
// ---------------------------------------------------------------------------

/** POST /v1/cards/me/codes: a new 20-digit code (voids the previous one). */
export function issueCode(): Promise<IssuedCode> {
  return request<IssuedCode>('POST', '/v1/cards/me/codes')
}

/** POST /v1/cards/me/offline-codes: a batch of pre-issued codes to keep for no network. */
export function issueOfflineCodes(): Promise<OfflineBatchResponse> {
  return request<OfflineBatchResponse>('POST', '/v1/cards/me/offline-codes')
}

export type SettlementStatus = 'awaiting_confirmation' | 'confirmed' | 'settled' | 'cancelled' | 'reversed'

/** Amounts in fen; the parts sum to `total`. */
export interface Split {
  total: number
  pooledFund: number
  personalAccount: number
  cash: number
}

export interface SettlementItem {
  code: string
  name: string
  class: 'A' | 'B' | 'C'
  quantity: number
  /** Fen. */
  unitPrice: number
}

export interface Breakdown {
  classA: number
  classB: number
  classBSelfPay: number
  classC: number
  eligible: number
  deductibleApplied: number
  coinsurance: number
  overCap: number
  /** Reimbursement ratio in basis points (7000 = 70%). */
  reimbursementBp: number
  selfPay: number
}

export interface Settlement {
  id: string
  status: SettlementStatus
  institutionOrderId: string
  split: Split
  institution: { id: string; name: string }
  items: SettlementItem[]
  breakdown?: Breakdown
  createdAt: string
  confirmBy?: string
  settledAt?: string
  reversedAt?: string
  cancelledAt?: string
}

export async function getPendingSettlements(): Promise<Settlement[]> {
  const res = await request<{ settlements?: Settlement[] }>('GET', '/v1/settlements/pending')
  return Array.isArray(res?.settlements) ? res.settlements : []
}

export async function getSettlement(id: string): Promise<Settlement> {
  const res = await request<{ settlement: Settlement }>('GET', `/v1/settlements/${encodeURIComponent(id)}`)
  return res.settlement
}

/** The holder's confirmation with the card PIN (422 wrong_pin + attemptsLeft, 423 pin_locked). */
export async function confirmSettlement(id: string, pin: string): Promise<Settlement> {
  const res = await request<{ settlement: Settlement }>('POST', `/v1/settlements/${encodeURIComponent(id)}/confirmation`, { pin })
  return res.settlement
}

export interface Account {
  /** Fen. */
  balance: number
  currency: 'CNY'
  updatedAt?: string
}

export function getAccount(): Promise<Account> {
  return request<Account>('GET', '/v1/accounts/me')
}

export interface Transaction {
  entry: string
  kind: 'settlement' | 'reversal'
  settlementId: string
  institutionName: string
  at: string
  /** Signed fen: negative for a payment from the account, positive for a reversal. */
  personalAccountChange: number
  amounts: Split
}

export interface TransactionPage {
  transactions: Transaction[]
  nextCursor?: string
}

export async function getTransactions(cursor?: string, limit = 20): Promise<TransactionPage> {
  const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
  const res = await request<TransactionPage>('GET', `/v1/accounts/me/transactions?${query}`)
  return { transactions: Array.isArray(res?.transactions) ? res.transactions : [], nextCursor: res?.nextCursor || undefined }
}
