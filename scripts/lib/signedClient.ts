/**
 * Calling essc's signed APIs from the local simulators: the terminal API (a designated
 * institution, `X-Essc-Institution`) and the portal API (a portal channel,
 * `X-Essc-Channel`). Both are signed the same way (API.md, "Terminal API";
 * functions/core/signing/signature.rules.ts): base64(HMAC-SHA256(secret,
 * `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nhex(SHA-256(body))`)): the canonical path and
 * the query exactly as sent of the URL fetched (an API under a path prefix included), the
 * timestamp in unix seconds, a fresh nonce (16 random bytes, base64url) for every request
 * and the body as serialised once.
 *
 * `SignedClient.request` answers `{status, body}` whatever the status: a 4xx or 5xx is an
 * answer (its body the problem+json), not an exception. Only a request that got no answer
 * at all throws a `SignedRequestNetworkError`.
 */
import { randomBytes } from 'node:crypto';
import { sign, signedPathWithQuery } from '../../functions/core/signing/signature.rules.js';

/** The header naming who signs: an institution (terminals) or a portal channel. */
export type SignerHeader = 'x-essc-institution' | 'x-essc-channel';

export interface SignerCredentials {
  header: SignerHeader;
  /** The institution id or the portal's channel id. */
  id: string;
  secret: string;
}

export interface SignedParts {
  method: string;
  /** The raw path with its query string, as fetched. */
  pathWithQuery: string;
  /** Unix seconds. */
  timestamp: number;
  /** Default: a fresh `newNonce()`. */
  nonce?: string;
  /** The exact bytes sent; undefined for no body (hashed as the empty string). */
  body?: Uint8Array;
}

/** 16 random bytes, base64url: one per request, so a retry is never a replay. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The four signature headers (lower-case names) of one request. */
export function signatureHeaders(signer: SignerCredentials, parts: SignedParts): Record<string, string> {
  const nonce = parts.nonce ?? newNonce();
  const { method, pathWithQuery, timestamp, body } = parts;
  return {
    [signer.header]: signer.id,
    'x-essc-timestamp': String(timestamp),
    'x-essc-nonce': nonce,
    'x-essc-signature': sign(signer.secret, { method, pathWithQuery, timestamp, nonce, body }),
  };
}

export interface SignedResponse<T = any> {
  status: number;
  body: T;
}

/** No answer from the API: unreachable, or no answer within the timeout. */
export class SignedRequestNetworkError extends Error {
  override name = 'SignedRequestNetworkError';
  constructor(
    readonly code: 'api_unreachable' | 'api_timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SignedClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000 (a path prefix is kept). */
  apiUrl: string;
  signer: SignerCredentials;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch; the clock the timestamp is taken from. */
  now?: () => number;
  /** Give up on an answer after this long (default 15 s); the request may still have been applied. */
  timeoutMs?: number;
}

export class SignedClient {
  private readonly base: string;
  private readonly signer: SignerCredentials;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly now: () => number;
  readonly timeoutMs: number;

  constructor(opts: SignedClientOptions) {
    if (!opts.apiUrl) throw new TypeError('apiUrl is required');
    if (!opts.signer?.id) throw new TypeError(`the signer's id (${opts.signer?.header ?? 'header'}) is required`);
    if (!opts.signer.secret) throw new TypeError('secret is required');
    this.base = opts.apiUrl.replace(/\/+$/, '');
    this.signer = { ...opts.signer };
    this.fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** Sends one signed request; `body` is serialised as JSON once and those bytes are signed and sent. */
  async request(
    method: 'GET' | 'POST',
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<SignedResponse> {
    const url = new URL(this.base + path);
    // The canonical path and the query exactly as it goes on the wire (signature.rules.ts).
    const pathWithQuery = signedPathWithQuery(url.pathname, url.search.slice(1));
    const bytes = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body), 'utf8');
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...signatureHeaders(this.signer, { method, pathWithQuery, timestamp: Math.floor(this.now() / 1000), body: bytes }),
      ...(bytes ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };

    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url.href, { method, headers, body: bytes, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (err) {
      const name = (err as { name?: string } | undefined)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new SignedRequestNetworkError('api_timeout', `No answer from ${url.origin} within ${this.timeoutMs} ms.`, { cause: err });
      }
      throw new SignedRequestNetworkError(
        'api_unreachable',
        `Cannot reach the API at ${url.origin}: ${(err as Error)?.message ?? err}`,
        { cause: err },
      );
    }
    let body: unknown = {};
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = { text };
      }
    }
    return { status: res.status, body };
  }
}
