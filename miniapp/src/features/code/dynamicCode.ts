/**
 * The dynamic code (动态码) on the phone: display grouping, the local times a code
 * expires and is refreshed, and the pre-issued offline batch kept in storage. Pure: no
 * Taro, times are passed in, so it is unit-tested in node.
 */

/** An online code is valid this long after issue (the API contract: 60 s). */
export const CODE_LIFETIME_MS = 60_000
/** Refresh this long after issue when the server gives no refreshAt (it gives ≈ 50 s). */
export const DEFAULT_REFRESH_MS = 50_000
/** A device clock this far off the server's is corrected for (below it, server times are used as they are). */
export const MAX_TRUSTED_SKEW_MS = 10_000
/** An offline code is not shown with less than this left. */
export const OFFLINE_MIN_LEFT_MS = 15_000
/** A new offline batch is fetched once the kept one is this old (offline codes live 10 min). */
export const OFFLINE_BATCH_MAX_AGE_MS = 4 * 60_000
/** …or when fewer unused codes than this are left. */
export const OFFLINE_BATCH_MIN_UNUSED = 2

export interface IssuedCode {
  code: string
  expiresAt: string
  refreshAt?: string
}

export interface OfflineLimits {
  businessTypes: string[]
  maxPaymentFen: number
  validForSeconds: number
}

export interface OfflineBatchResponse {
  batchId: string
  codes: Array<{ code: string; expiresAt: string }>
  limits: OfflineLimits
}

/** The code on screen, with local (device clock) times. */
export interface ShownCode {
  code: string
  kind: 'online' | 'offline'
  /** Local ms when it stops working. */
  expiresAt: number
  /** Local ms when the page asks for a new one. */
  refreshAt: number
  limits?: OfflineLimits
}

/** The offline batch as kept in storage. */
export interface StoredBatch {
  batchId: string
  /** Local ms the batch arrived. */
  receivedAt: number
  /** Server clock minus device clock, when the device is clearly off; else 0. */
  skewMs: number
  codes: Array<{ code: string; expiresAt: string; used?: boolean }>
  limits: OfflineLimits
}

/** "88123456789012345678" → "8812 3456 7890 1234 5678". */
export function displayCode(code: string): string {
  return code.replace(/\s+/g, '').replace(/(\d{4})(?=\d)/g, '$1 ')
}

/**
 * Server clock minus device clock, estimated from a response whose server-side issue
 * time is known (`expiresAt - lifetime`) and assumed to be when it arrived. 0 unless
 * the device is off by more than MAX_TRUSTED_SKEW_MS (network time is not worth
 * correcting for).
 */
export function clockSkew(serverExpiresAt: number, lifetimeMs: number, receivedAt: number): number {
  if (!Number.isFinite(serverExpiresAt)) return 0
  const skew = serverExpiresAt - lifetimeMs - receivedAt
  return Math.abs(skew) > MAX_TRUSTED_SKEW_MS ? skew : 0
}

/** An online code as issued, in local times. */
export function onlineCode(issued: IssuedCode, receivedAt: number): ShownCode {
  const expires = Date.parse(issued.expiresAt)
  const skew = clockSkew(expires, CODE_LIFETIME_MS, receivedAt)
  const expiresAt = Number.isFinite(expires) ? expires - skew : receivedAt + CODE_LIFETIME_MS
  const refresh = issued.refreshAt ? Date.parse(issued.refreshAt) : NaN
  let refreshAt = Number.isFinite(refresh) ? refresh - skew : expiresAt - (CODE_LIFETIME_MS - DEFAULT_REFRESH_MS)
  // Never later than expiry, never sooner than a few seconds from now.
  refreshAt = Math.max(receivedAt + 5_000, Math.min(refreshAt, expiresAt - 1_000))
  return { code: issued.code, kind: 'online', expiresAt, refreshAt }
}

/** Whole seconds left before `code` expires (0 when expired). */
export function secondsLeft(code: Pick<ShownCode, 'expiresAt'>, now: number): number {
  return Math.max(0, Math.ceil((code.expiresAt - now) / 1000))
}

/** The line under the code: the time left, or that it is being refreshed. */
export function codeCountdownText(code: Pick<ShownCode, 'kind'>, seconds: number, refreshing: boolean, elder: boolean): string {
  if (refreshing && seconds === 0) return '正在刷新…'
  if (code.kind === 'offline') {
    const m = Math.floor(seconds / 60)
    const s = String(seconds % 60).padStart(2, '0')
    return elder ? `离线码 ${m}:${s}` : `离线码 ${m}:${s} 后失效，联网后自动换为在线码`
  }
  return elder ? `${seconds}秒后刷新` : `${seconds} 秒后失效，到期前自动刷新`
}

/** A batch from POST /v1/cards/me/offline-codes, ready to keep. */
export function storedBatch(res: OfflineBatchResponse, receivedAt: number): StoredBatch {
  const first = res.codes[0] ? Date.parse(res.codes[0].expiresAt) : NaN
  const skewMs = clockSkew(first, (res.limits?.validForSeconds ?? 600) * 1000, receivedAt)
  return {
    batchId: res.batchId,
    receivedAt,
    skewMs,
    codes: res.codes.map((c) => ({ code: c.code, expiresAt: c.expiresAt })),
    limits: res.limits,
  }
}

function localExpiry(batch: StoredBatch, expiresAt: string): number {
  return Date.parse(expiresAt) - (batch.skewMs || 0)
}

/** Unused codes of the batch with at least OFFLINE_MIN_LEFT_MS left. */
export function usableOfflineCodes(batch: StoredBatch | undefined, now: number): StoredBatch['codes'] {
  if (!batch || !Array.isArray(batch.codes)) return []
  return batch.codes.filter((c) => !c.used && localExpiry(batch, c.expiresAt) - now >= OFFLINE_MIN_LEFT_MS)
}

/** Whether to fetch a new batch now (online): none kept, too old, or nearly used up. */
export function batchNeedsRefresh(batch: StoredBatch | undefined, now: number): boolean {
  if (!batch) return true
  if (now - batch.receivedAt >= OFFLINE_BATCH_MAX_AGE_MS || now < batch.receivedAt) return true
  return usableOfflineCodes(batch, now).length < OFFLINE_BATCH_MIN_UNUSED
}

/**
 * Takes the next offline code to show: marks it used (each works once, and once shown it
 * may have been scanned) and returns the updated batch to keep. `shown` is undefined when
 * no code is left.
 */
export function takeOfflineCode(batch: StoredBatch | undefined, now: number): { batch?: StoredBatch; shown?: ShownCode } {
  const next = usableOfflineCodes(batch, now)[0]
  if (!batch || !next) return { batch }
  const codes = batch.codes.map((c) => (c.code === next.code ? { ...c, used: true } : c))
  const expiresAt = localExpiry(batch, next.expiresAt)
  return {
    batch: { ...batch, codes },
    // Offline: try the network again at the online rhythm; the code stays until then.
    shown: { code: next.code, kind: 'offline', expiresAt, refreshAt: Math.min(expiresAt, now + DEFAULT_REFRESH_MS), limits: batch.limits },
  }
}

/** "仅限查询及200元以内支付" from the batch's limits. */
export function offlineLimitText(limits: OfflineLimits | undefined): string {
  const types = limits?.businessTypes ?? ['query', 'payment']
  const max = limits?.maxPaymentFen ?? 20_000
  const yuan = max % 100 === 0 ? String(max / 100) : (max / 100).toFixed(2)
  const parts: string[] = []
  if (types.includes('query')) parts.push('查询')
  if (types.includes('payment')) parts.push(`${yuan}元以内支付`)
  return parts.length ? `仅限${parts.join('及')}` : '仅限查询'
}
