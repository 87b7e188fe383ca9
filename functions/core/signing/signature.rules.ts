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
 * The canonical string itself is the SDK's (sdk/src/canonical.ts): one definition for the
 * signing and the verifying side. Pure: hashing only (node:crypto); "now" is a parameter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalString, isWellFormed, type SignedParts } from '@essc/sdk/canonical';

/** A timestamp more than this many seconds off the server clock is refused. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/**
 * How long a seen nonce must be remembered. A request is acceptable from
 * timestamp − 300 s to timestamp + 300 s, so a nonce can be replayed at most 600 s after
 * it was first seen; 900 s adds a margin for clock differences between servers.
 */
export const NONCE_TTL_SECONDS = 900;

export { NONCE_PATTERN, canonicalPath, canonicalString, isWellFormed, sha256Hex, signedPathWithQuery, type SignedParts } from '@essc/sdk/canonical';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'stale_timestamp' | 'bad_signature' | 'malformed' };

const timestampText = (timestamp: string | number) => (typeof timestamp === 'number' ? String(timestamp) : timestamp);

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
