/**
 * Scan-to-login (扫码登录) on the phone: the QR content `essc://login?r=<id>`, what the
 * portal asks for in words, and the countdown. Pure: no Taro.
 */

export const LOGIN_QR_PREFIX = 'essc://login?r='
/** Login request ids are opaque; the server's are `lr_` + 20 URL-safe characters. */
const ID_RE = /^[A-Za-z0-9_-]{1,100}$/

export type LoginQrParse = { ok: true; id: string } | { ok: false; message: string }

export const NOT_A_LOGIN_CODE = '这不是电子社保卡的登录二维码，请扫描政务网站上的“电子社保卡扫码登录”二维码'

/** The login request id of a scanned (or pasted) `essc://login?r=<id>`; anything else is refused. */
export function parseLoginQr(text: unknown): LoginQrParse {
  if (typeof text !== 'string' || !text.trim()) return { ok: false, message: '请扫描或粘贴登录二维码的内容' }
  const t = text.trim()
  if (!t.startsWith(LOGIN_QR_PREFIX)) return { ok: false, message: NOT_A_LOGIN_CODE }
  const id = t.slice(LOGIN_QR_PREFIX.length)
  if (!ID_RE.test(id)) return { ok: false, message: '登录二维码内容不完整，请在网站上刷新二维码后重新扫码' }
  return { ok: true, id }
}

/** A login request id as given in the page route (`?r=`), or undefined when it is not one. */
export function loginRequestIdOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  let id = raw
  try {
    id = decodeURIComponent(raw)
  } catch {
    // keep as is
  }
  return ID_RE.test(id) ? id : undefined
}

export const SCOPE_WORDS: Record<string, string> = {
  openid: '身份标识',
  profile: '姓名（脱敏）',
  idcard: '身份证号（脱敏）及卡等级',
}

/** What the portal will receive, in words, in the scope's order; unknown words are named as such. */
export function scopeWords(scope: string | undefined): string[] {
  const words: string[] = []
  for (const part of (scope ?? '').split(/\s+/)) {
    if (!part) continue
    const w = SCOPE_WORDS[part] ?? `其他信息（${part}）`
    if (!words.includes(w)) words.push(w)
  }
  return words
}

/** Whole seconds left until `expiresAt` (0 when passed or unreadable). */
export function secondsUntil(expiresAt: string | undefined, now: number): number {
  const t = expiresAt ? Date.parse(expiresAt) : NaN
  if (Number.isNaN(t)) return 0
  return Math.max(0, Math.ceil((t - now) / 1000))
}

/** "1:05" */
export function countdownText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** Codes after which the request can no longer be confirmed here: the page shows the error only. */
export const FINAL_LOGIN_ERRORS: readonly string[] = [
  'login_request_expired',
  'login_request_already_confirmed',
  'login_request_not_found',
  'channel_not_allowed',
  'card_not_usable',
  'card_not_found',
]
