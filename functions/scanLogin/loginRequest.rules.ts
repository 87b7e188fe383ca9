/**
 * Scan-to-login requests (API.md, portal login). Pure rules: scopes and their assurance
 * level, the QR content, expiry and whether a confirmation may go ahead. "now" is a parameter.
 *
 * QR content: `essc://login?r=<id>` — the mini-program scans it (Taro.scanCode), takes
 * `r` and asks `GET /v1/login-requests/{r}`. Nothing else is in it: the id is unguessable
 * and the request is bound to the portal that made it.
 *
 * Scopes (space-separated, OpenID style; `openid` is required):
 * - `openid`  — a pairwise subject only; level 1 (PIN).
 * - `profile` — plus the masked name; level 1 (PIN).
 * - `idcard`  — plus the masked ID number and the card level; level 2 (a passed face
 *   verification of purpose `login` of the holder).
 */

export const LOGIN_REQUEST_TTL_SECONDS = 120;
export const LOGIN_SCOPES = ['openid', 'profile', 'idcard'] as const;
export type LoginScope = (typeof LOGIN_SCOPES)[number];
export type LoginLevel = 1 | 2;
export type LoginStatus = 'pending' | 'confirmed' | 'expired';

const SCOPE_LEVEL: Record<LoginScope, LoginLevel> = { openid: 1, profile: 1, idcard: 2 };
export const QR_PREFIX = 'essc://login?r=';
export const LOGIN_REQUEST_ID_PATTERN = /^lr_[A-Za-z0-9_-]{20}$/;

export type ScopeParse = { ok: true; scopes: LoginScope[] } | { ok: false; message: string };

/** Parses a space-separated scope string: known scopes only, `openid` required, duplicates dropped. */
export function parseScope(text: string): ScopeParse {
  const parts = text.split(' ').filter((p) => p.length > 0);
  const unknown = parts.filter((p) => !(LOGIN_SCOPES as readonly string[]).includes(p));
  if (unknown.length > 0) return { ok: false, message: `unknown scope: ${unknown.join(' ')}` };
  if (!parts.includes('openid')) return { ok: false, message: 'must include openid' };
  const scopes = LOGIN_SCOPES.filter((s) => parts.includes(s));
  return { ok: true, scopes };
}

/** The assurance level a set of scopes needs: the highest of its scopes. */
export function levelFor(scopes: readonly LoginScope[]): LoginLevel {
  return scopes.reduce<LoginLevel>((level, s) => (SCOPE_LEVEL[s] > level ? SCOPE_LEVEL[s] : level), 1);
}

export function qrContent(id: string): string {
  return `${QR_PREFIX}${id}`;
}

/** The login request id in a scanned QR code, or undefined when it is not one of ours. */
export function parseQrContent(text: string): string | undefined {
  if (typeof text !== 'string' || !text.startsWith(QR_PREFIX)) return undefined;
  const id = text.slice(QR_PREFIX.length);
  return LOGIN_REQUEST_ID_PATTERN.test(id) ? id : undefined;
}

export function expiresAtFor(createdAt: Date): Date {
  return new Date(createdAt.getTime() + LOGIN_REQUEST_TTL_SECONDS * 1000);
}

export interface LoginRequestState {
  status: 'pending' | 'confirmed';
  expiresAt: string;
}

/** What the portal and the holder see: a pending request past its expiry is expired. */
export function statusAt(req: LoginRequestState, now: Date): LoginStatus {
  if (req.status === 'confirmed') return 'confirmed';
  return req.expiresAt <= now.toISOString() ? 'expired' : 'pending';
}

export type ConfirmRefusal = 'login_request_expired' | 'login_request_already_confirmed';

/** Whether a confirmation may go ahead (the store's conditional write checks it again). */
export function checkConfirmable(req: LoginRequestState, now: Date): ConfirmRefusal | undefined {
  if (req.status === 'confirmed') return 'login_request_already_confirmed';
  if (req.expiresAt <= now.toISOString()) return 'login_request_expired';
  return undefined;
}
