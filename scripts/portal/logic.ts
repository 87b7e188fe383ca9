/**
 * The demo portal's pure parts: reading essc's form_post callback, the claims the portal
 * shows from a verified ID token, and the in-memory list of the login requests it made
 * (their nonces and, once verified, who logged in). No I/O; "now" is a parameter.
 */
import { LOGIN_REQUEST_ID_PATTERN } from '../../functions/scanLogin/loginRequest.rules.js';

/** A compact JWS (three base64url parts); anything else is not worth verifying. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_ID_TOKEN_LENGTH = 8_192;

export type FormParse = { ok: true; fields: Record<string, string> } | { ok: false; message: string };

/**
 * Parses an `application/x-www-form-urlencoded` body (`+` is a space, %XX escapes UTF-8).
 * A field given twice is refused rather than guessed at; malformed escapes are refused.
 */
export function parseFormBody(text: string): FormParse {
  const fields: Record<string, string> = Object.create(null);
  if (text.trim() === '') return { ok: true, fields };
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return { ok: false, message: 'malformed percent-encoding' };
    }
    if (name === '') return { ok: false, message: 'a field without a name' };
    if (Object.prototype.hasOwnProperty.call(fields, name)) return { ok: false, message: `${name} is given twice` };
    fields[name] = value;
  }
  return { ok: true, fields };
}

export type CallbackParse =
  | { ok: true; loginRequestId: string; idToken: string }
  | { ok: false; field: string; message: string };

/** essc's callback: `login_request_id=<id>&id_token=<jwt>` (OIDC response_mode=form_post). */
export function parseCallback(text: string): CallbackParse {
  const form = parseFormBody(text);
  if (!form.ok) return { ok: false, field: 'body', message: form.message };
  const id = form.fields.login_request_id;
  const token = form.fields.id_token;
  if (!id) return { ok: false, field: 'login_request_id', message: 'required' };
  if (!LOGIN_REQUEST_ID_PATTERN.test(id)) return { ok: false, field: 'login_request_id', message: 'malformed' };
  if (!token) return { ok: false, field: 'id_token', message: 'required' };
  if (token.length > MAX_ID_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return { ok: false, field: 'id_token', message: 'not a compact JWS' };
  return { ok: true, loginRequestId: id, idToken: token };
}

/** What the portal shows of a verified ID token (functions/scanLogin/oidc.ts CLAIMS_SUPPORTED, minus the nonce). */
export interface PortalClaims {
  sub: string;
  name?: string;
  essc_masked_id_number?: string;
  essc_card_level?: number;
  acr: string;
  iss: string;
  aud: string | string[];
  iat: number;
  exp: number;
}

/** Picks the claims to show from a verified payload; anything else in it is left out. */
export function claimsView(payload: Record<string, unknown>): PortalClaims {
  const str = (k: string) => (typeof payload[k] === 'string' ? (payload[k] as string) : undefined);
  const num = (k: string) => (typeof payload[k] === 'number' ? (payload[k] as number) : undefined);
  const aud = payload.aud;
  const name = str('name');
  const maskedId = str('essc_masked_id_number');
  const level = num('essc_card_level');
  return {
    sub: str('sub') ?? '',
    ...(name !== undefined ? { name } : {}),
    ...(maskedId !== undefined ? { essc_masked_id_number: maskedId } : {}),
    ...(level !== undefined ? { essc_card_level: level } : {}),
    acr: str('acr') ?? '',
    iss: str('iss') ?? '',
    aud: typeof aud === 'string' || Array.isArray(aud) ? (aud as string | string[]) : '',
    iat: num('iat') ?? 0,
    exp: num('exp') ?? 0,
  };
}

export type Via = 'callback' | 'polling';

export interface PortalLogin {
  id: string;
  /** Sent with the request; the ID token must carry it back. */
  nonce: string;
  scope: string;
  expiresAt: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Set once, by whichever verified first: essc's callback or a poll. */
  result?: { via: Via; claims: PortalClaims; verifiedAt: number };
}

/**
 * The login requests this portal made, by id: at most `max`, each kept `keepMs` after it
 * was made (a request lives 2 minutes; its result is shown a while longer).
 */
export class LoginStore {
  private readonly logins = new Map<string, PortalLogin>();

  constructor(
    private readonly max = 1_000,
    private readonly keepMs = 30 * 60_000,
  ) {}

  add(login: PortalLogin, now: number): void {
    this.prune(now);
    while (this.logins.size >= this.max) this.logins.delete(this.logins.keys().next().value!);
    this.logins.set(login.id, login);
  }

  get(id: string, now: number): PortalLogin | undefined {
    const login = this.logins.get(id);
    if (login && now - login.createdAt > this.keepMs) {
      this.logins.delete(id);
      return undefined;
    }
    return login;
  }

  /** Records who logged in; the first verified result stays. Returns the result kept. */
  settle(id: string, result: NonNullable<PortalLogin['result']>, now: number): PortalLogin['result'] {
    const login = this.get(id, now);
    if (!login) return undefined;
    login.result ??= result;
    return login.result;
  }

  get size(): number {
    return this.logins.size;
  }

  private prune(now: number): void {
    for (const [id, login] of this.logins) {
      if (now - login.createdAt > this.keepMs) this.logins.delete(id);
      else break; // insertion order is creation order
    }
  }
}
