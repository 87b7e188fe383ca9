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
} from '../platform/storage'
import type { IssuedCode, OfflineBatchResponse } from '../../features/code/dynamicCode'
import type { Relationship } from '../../features/family/family'
import type { PensionView } from '../../features/pension/pension'
import type { ContributionRecord, InsuranceType } from '../../features/pension/contributions'

// The types of the pure lib modules (unit-tested in node without Taro), as the API uses them.
export type { Relationship } from '../../features/family/family'
export type { PensionStatus, PensionView } from '../../features/pension/pension'
export type { ContributionRecord, InsuranceType } from '../../features/pension/contributions'

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

export type FacePurpose = 'claim' | 'payment' | 'pension' | 'family' | 'unbind' | 'unlock' | 'login'

export interface FaceResult {
  id: string
  status: 'passed' | 'failed' | 'pending'
  attemptsLeft: number
  /** The manual review case opened by the last allowed failure. */
  reviewId?: string
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
  /** face_locked: the manual review case opened after too many failed face checks. */
  reviewId?: string
}

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly errors: FieldError[] = [],
    /** Extra members of the problem body: `attemptsLeft` of wrong_pin, `reviewId` of face_locked. */
    readonly extra: { attemptsLeft?: number; reviewId?: string } = {},
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
  const extra: { attemptsLeft?: number; reviewId?: string } = {}
  if (typeof p.attemptsLeft === 'number') extra.attemptsLeft = p.attemptsLeft
  if (typeof p.reviewId === 'string' && p.reviewId) extra.reviewId = p.reviewId
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
  /** Pension certification for a bound relative: the relative's card id (their face, on this phone). */
  subjectCardId?: string
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
  /** Paid from a relative's personal account through family sharing (家庭共济); 0 or absent when unused. */
  familyAccount?: number
  cash: number
}

/** Someone on a bill or a family binding, as the holder may see them. */
export interface MaskedPerson {
  maskedName: string
  relationship?: Relationship | string
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
  /** A bill presented with a relative's code (the helper confirms it): the patient. */
  patient?: MaskedPerson
  presentedBy?: 'holder' | 'family' | string
  /** Whose personal account paid `split.familyAccount`. */
  familyAccountPayer?: MaskedPerson
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

/** `?subjectCardId=` for a bound relative's records (亲情服务), nothing for the holder's own. */
function subjectQuery(subjectCardId: string | undefined): string {
  return subjectCardId ? `subjectCardId=${encodeURIComponent(subjectCardId)}` : ''
}

function withQuery(path: string, ...parts: string[]): string {
  const q = parts.filter(Boolean).join('&')
  return q ? `${path}?${q}` : path
}

export function getAccount(subjectCardId?: string): Promise<Account> {
  return request<Account>('GET', withQuery('/v1/accounts/me', subjectQuery(subjectCardId)))
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

export async function getTransactions(cursor?: string, limit = 20, subjectCardId?: string): Promise<TransactionPage> {
  const path = withQuery(
    '/v1/accounts/me/transactions',
    `limit=${limit}`,
    cursor ? `cursor=${encodeURIComponent(cursor)}` : '',
    subjectQuery(subjectCardId),
  )
  const res = await request<TransactionPage>('GET', path)
  return { transactions: Array.isArray(res?.transactions) ? res.transactions : [], nextCursor: res?.nextCursor || undefined }
}

// ---------------------------------------------------------------------------
// Family service (亲情服务), docs/api-extensions.md
// ---------------------------------------------------------------------------

export interface AccountSharing {
  /** My personal account may pay the other side's bills. */
  fromMe: boolean
  /** Theirs may pay mine. */
  toMe: boolean
}

/** A relative whose card I (the helper) have bound; `memberId` is their card id. */
export interface FamilyMember {
  memberId: string
  relationship: Relationship
  maskedName: string
  maskedIdNumber: string
  cardStatus: CardStatus
  boundAt: string
  isPensioner?: boolean
  accountSharing?: AccountSharing
}

/** Someone who has bound my card; `relationship` is how I relate to them. */
export interface FamilyHelper {
  helperId: string
  relationship: Relationship
  maskedName: string
  maskedIdNumber: string
  boundAt: string
  accountSharing?: AccountSharing
}

/** A binding waiting for the relative's own confirmation (lives 7 days). */
export interface FamilyInvitation {
  id: string
  relationship: Relationship
  helper: { maskedName: string }
  relative: { maskedName: string }
  createdAt: string
  expiresAt: string
}

export async function getFamilyMembers(): Promise<FamilyMember[]> {
  const res = await request<{ members?: FamilyMember[] }>('GET', '/v1/family/members')
  return Array.isArray(res?.members) ? res.members : []
}

/** One of my relatives, or undefined when not (or no longer) bound. */
export async function getFamilyMember(memberId: string): Promise<FamilyMember | undefined> {
  return (await getFamilyMembers()).find((m) => m.memberId === memberId)
}

export interface AddFamilyMemberInput {
  relationship: Relationship
  name: string
  idNumber: string
  /** The relative's passed face check (purpose family); omitted for a child under 16 or confirmBy relative. */
  faceVerificationId?: string
  confirmBy?: 'face' | 'relative'
}

export type AddFamilyMemberResult = { kind: 'member'; member: FamilyMember } | { kind: 'invitation'; invitation: FamilyInvitation }

/** 201 {member}, or 202 {invitation} with confirmBy relative. */
export async function addFamilyMember(input: AddFamilyMemberInput): Promise<AddFamilyMemberResult> {
  const res = await request<{ member?: FamilyMember; invitation?: FamilyInvitation }>('POST', '/v1/family/members', input)
  if (res?.invitation) return { kind: 'invitation', invitation: res.invitation }
  if (res?.member) return { kind: 'member', member: res.member }
  throw new ApiError(GENERIC_ERROR, 200, 'bad_response')
}

export async function removeFamilyMember(memberId: string): Promise<void> {
  await request<unknown>('DELETE', `/v1/family/members/${encodeURIComponent(memberId)}`)
}

/** A code of the relative's card, issued by me (the helper); as `issueCode`. */
export function issueFamilyCode(memberId: string): Promise<IssuedCode> {
  return request<IssuedCode>('POST', `/v1/family/members/${encodeURIComponent(memberId)}/codes`)
}

/** 家庭共济: whether my personal account may pay this relative's bills (my PIN). */
export async function setMemberAccountSharing(memberId: string, allowed: boolean, pin: string): Promise<FamilyMember> {
  const res = await request<{ member: FamilyMember }>('PUT', `/v1/family/members/${encodeURIComponent(memberId)}/account-sharing`, {
    allowed,
    pin,
  })
  return res.member
}

export async function getFamilyHelpers(): Promise<FamilyHelper[]> {
  const res = await request<{ helpers?: FamilyHelper[] }>('GET', '/v1/family/helpers')
  return Array.isArray(res?.helpers) ? res.helpers : []
}

/** The relative unbinds someone who has bound their card. */
export async function removeFamilyHelper(helperId: string): Promise<void> {
  await request<unknown>('DELETE', `/v1/family/helpers/${encodeURIComponent(helperId)}`)
}

/** 家庭共济 from the relative's side: whether my personal account may pay this helper's bills (my PIN). */
export async function setHelperAccountSharing(helperId: string, allowed: boolean, pin: string): Promise<FamilyHelper | undefined> {
  const res = await request<{ helper?: FamilyHelper }>('PUT', `/v1/family/helpers/${encodeURIComponent(helperId)}/account-sharing`, {
    allowed,
    pin,
  })
  return res?.helper
}

export interface FamilyInvitations {
  received: FamilyInvitation[]
  sent: FamilyInvitation[]
}

export async function getFamilyInvitations(): Promise<FamilyInvitations> {
  const res = await request<Partial<FamilyInvitations>>('GET', '/v1/family/invitations')
  return { received: Array.isArray(res?.received) ? res.received : [], sent: Array.isArray(res?.sent) ? res.sent : [] }
}

/** The relative accepts with their own PIN: the binding now exists. */
export async function acceptFamilyInvitation(id: string, pin: string): Promise<FamilyHelper | undefined> {
  const res = await request<{ helper?: FamilyHelper }>('POST', `/v1/family/invitations/${encodeURIComponent(id)}/acceptance`, { pin })
  return res?.helper
}

/** The relative declines, or the helper withdraws. */
export async function deleteFamilyInvitation(id: string): Promise<void> {
  await request<unknown>('DELETE', `/v1/family/invitations/${encodeURIComponent(id)}`)
}

// ---------------------------------------------------------------------------
// Pension certification (待遇资格认证), contribution records (缴费记录)
// ---------------------------------------------------------------------------

function pensionViewOf(res: unknown): PensionView {
  const body = (res && typeof res === 'object' ? res : {}) as Record<string, unknown>
  // The view itself, or wrapped ({certification} / {pension}).
  const view = (typeof body.status === 'string' ? body : (body.certification ?? body.pension ?? {})) as PensionView
  if (typeof view.status !== 'string') throw new ApiError(GENERIC_ERROR, 200, 'bad_response')
  return view
}

export async function getPensionStatus(subjectCardId?: string): Promise<PensionView> {
  return pensionViewOf(await request<unknown>('GET', withQuery('/v1/pension-certification', subjectQuery(subjectCardId))))
}

/** Certifies with a passed face check of purpose pension (the relative's, with subjectCardId). */
export async function certifyPension(faceVerificationId: string, subjectCardId?: string): Promise<PensionView> {
  const body = subjectCardId ? { faceVerificationId, subjectCardId } : { faceVerificationId }
  return pensionViewOf(await request<unknown>('POST', '/v1/pension-certifications', body))
}

export interface ContributionPage {
  items: ContributionRecord[]
  from?: string
  to?: string
  nextCursor?: string
}

export interface ContributionQuery {
  type?: InsuranceType
  cursor?: string
  subjectCardId?: string
  limit?: number
}

export async function getContributions(q: ContributionQuery = {}): Promise<ContributionPage> {
  const path = withQuery(
    '/v1/records/contributions',
    q.type ? `type=${encodeURIComponent(q.type)}` : '',
    q.cursor ? `cursor=${encodeURIComponent(q.cursor)}` : '',
    q.limit ? `limit=${q.limit}` : '',
    subjectQuery(q.subjectCardId),
  )
  const res = await request<ContributionPage>('GET', path)
  return {
    items: Array.isArray(res?.items) ? res.items : [],
    from: res?.from,
    to: res?.to,
    nextCursor: res?.nextCursor || undefined,
  }
}

// ---------------------------------------------------------------------------
// Scan-to-login (扫码登录)
// ---------------------------------------------------------------------------

export interface LoginRequestView {
  id: string
  portal: { id: string; name: string }
  /** Space-separated: openid, profile, idcard. */
  scope: string
  /** 1: PIN; 2: face. */
  level: number
  expiresAt: string
  status: 'pending' | 'confirmed' | 'expired'
}

export async function getLoginRequest(id: string): Promise<LoginRequestView> {
  return request<LoginRequestView>('GET', `/v1/login-requests/${encodeURIComponent(id)}`)
}

export async function confirmLoginRequest(id: string, proof: { pin: string } | { faceVerificationId: string }): Promise<void> {
  await request<unknown>('POST', `/v1/login-requests/${encodeURIComponent(id)}/confirmation`, proof)
}
