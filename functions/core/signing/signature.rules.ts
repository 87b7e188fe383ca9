/**
 * The terminal request signature of API.md ("Terminal API").
 *
 * A terminal signs each request with its institution's key (a channel with its own; an
 * `SM2-SM3` key signs the same canonical string with SM2, core/signing/sm2.ts):
 *
 *     X-Essc-Signature = base64(HMAC-SHA256(secret, canonical))
 *     canonical = METHOD \n PATH_WITH_QUERY \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 *
 * METHOD is the HTTP method as sent (uppercase). PATH_WITH_QUERY is the path in its
 * canonical form (`canonicalPath`: each segment percent-encoded as RFC 3986 requires,
 * unreserved characters never encoded, hex digits upper-case), then, if the URL has a query,
 * `?` and the query string exactly as sent: not decoded, re-encoded or re-ordered. The path
 * has a canonical form because API Gateway's HTTP APIs hand the function a decoded path
 * while the query string arrives as sent. TIMESTAMP the `X-Essc-Timestamp` header (unix seconds, decimal),
 * NONCE the `X-Essc-Nonce` header and the body the raw bytes received (hash them before
 * any JSON parsing; an empty body hashes as the empty string).
 *
 * The server refuses a timestamp more than `SIGNATURE_WINDOW_SECONDS` away from its own
 * clock in either direction, and compares signatures in constant time. The nonce must
 * not have been seen before for this institution: that check needs storage, so the
 * caller does it, remembering each nonce for `NONCE_TTL_SECONDS`.
 *
 * Pure: hashing only (node:crypto); "now" is a parameter.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A timestamp more than this many seconds off the server clock is refused. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/**
 * How long a seen nonce must be remembered. A request is acceptable from
 * timestamp − 300 s to timestamp + 300 s, so a nonce can be replayed at most 600 s after
 * it was first seen; 900 s adds a margin for clock differences between servers.
 */
export const NONCE_TTL_SECONDS = 900;

/** What a nonce may be: 8 to 128 characters of base64, base64url or a UUID. */
export const NONCE_PATTERN = /^[A-Za-z0-9._~+/=-]{8,128}$/;

export interface SignedParts {
  method: string;
  /** The canonical path and the query as sent (`signedPathWithQuery`), e.g. `/v1/terminal/reconciliation?date=2026-11-23`. */
  pathWithQuery: string;
  /** Unix seconds, as the `X-Essc-Timestamp` header (a string) or a number. */
  timestamp: string | number;
  nonce: string;
  /** The raw body; a string is hashed as UTF-8; undefined is the empty body. */
  body?: string | Uint8Array;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'stale_timestamp' | 'bad_signature' | 'malformed' };

const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const METHOD_PATTERN = /^[A-Z]{3,10}$/;

/** RFC 3986 percent-encoding of one segment: everything but the unreserved characters. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path as it is signed: each segment decoded once, then encoded as RFC 3986 requires. A
 * decoded path (API Gateway HTTP API) and the encoded one the client sent give the same text
 * as long as the decoded path holds no `%` (essc's ids never do: a decoded `%41` would be read
 * as `A`); a segment that is not valid percent-encoding stays as it is.
 */
export function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return encodeSegment(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** The signed PATH_WITH_QUERY of a URL's path and its raw query string (without the `?`). */
export function signedPathWithQuery(path: string, rawQuery: string | undefined): string {
  return rawQuery ? `${canonicalPath(path)}?${rawQuery}` : canonicalPath(path);
}

export function sha256Hex(body: string | Uint8Array | undefined): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

function timestampText(timestamp: string | number): string {
  return typeof timestamp === 'number' ? String(timestamp) : timestamp;
}

/** The string that is signed. Throws a RangeError on parts that can't be canonical (see `isWellFormed`). */
export function canonicalString(parts: SignedParts): string {
  if (!isWellFormed(parts)) throw new RangeError('malformed signature parts');
  return [parts.method, parts.pathWithQuery, timestampText(parts.timestamp), parts.nonce, sha256Hex(parts.body)].join('\n');
}

/**
 * True when the parts can be signed: an uppercase method, a path starting with "/" and
 * without line breaks, a timestamp of decimal unix seconds, a nonce of `NONCE_PATTERN`.
 */
export function isWellFormed(parts: SignedParts): boolean {
  if (typeof parts !== 'object' || parts === null) return false;
  const { method, pathWithQuery, timestamp, nonce, body } = parts;
  if (typeof method !== 'string' || !METHOD_PATTERN.test(method)) return false;
  if (typeof pathWithQuery !== 'string' || !pathWithQuery.startsWith('/') || /[\r\n]/.test(pathWithQuery)) return false;
  if (typeof timestamp === 'number') {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) return false;
  } else if (typeof timestamp !== 'string' || !TIMESTAMP_PATTERN.test(timestamp)) {
    return false;
  }
  if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) return false;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) return false;
  return true;
}

/** base64(HMAC-SHA256(secret, canonicalString(parts))). */
export function sign(secret: string | Uint8Array, parts: SignedParts): string {
  return createHmac('sha256', secret).update(canonicalString(parts), 'utf8').digest('base64');
}

/** Whether a timestamp (unix seconds) is within ±`SIGNATURE_WINDOW_SECONDS` of `nowSeconds`, inclusive. */
export function withinWindow(timestamp: string | number, nowSeconds: number): boolean {
  return Math.abs(nowSeconds - Number(timestampText(timestamp))) <= SIGNATURE_WINDOW_SECONDS;
}

/** Whether `signature` is the HMAC of the parts, compared in constant time as the exact padded base64 text. */
export function hmacMatches(secret: string | Uint8Array, parts: SignedParts, signature: string): boolean {
  const expected = Buffer.from(sign(secret, parts), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks a request's HMAC signature. Order: malformed parts (or a missing signature or
 * secret), then the timestamp window (±300 s inclusive), then the signature, compared in
 * constant time as the exact standard base64 text (padded) of the expected MAC. A
 * signature of another length is bad_signature, without throwing.
 */
export function verifySignature(
  secret: string | Uint8Array,
  parts: SignedParts,
  signature: string | undefined,
  nowSeconds: number,
): SignatureCheck {
  if (!isWellFormed(parts)) return { ok: false, reason: 'malformed' };
  if (typeof signature !== 'string' || signature.length === 0) return { ok: false, reason: 'malformed' };
  if (secret === undefined || secret === null || secret.length === 0) return { ok: false, reason: 'malformed' };
  if (typeof nowSeconds !== 'number' || !Number.isFinite(nowSeconds)) {
    throw new RangeError('nowSeconds must be a finite number');
  }
  if (!withinWindow(parts.timestamp, nowSeconds)) return { ok: false, reason: 'stale_timestamp' };
  return hmacMatches(secret, parts, signature) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
