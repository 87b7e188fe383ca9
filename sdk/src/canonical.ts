/**
 * The string essc's signed APIs sign (API.md, "Terminal API" and "Channel partners"), the one
 * definition both sides use: this SDK signs it and essc's server verifies it
 * (functions/core/signing/signature.rules.ts re-exports these).
 *
 *     METHOD \n PATH_WITH_QUERY \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 *
 * PATH_WITH_QUERY is the path in canonical form (each segment percent-encoded as RFC 3986
 * requires; unreserved characters never encoded; hex digits upper-case), then `?` and the
 * query exactly as sent when there is one. The path has a canonical form because API
 * Gateway's HTTP APIs hand the function a decoded path while the query arrives as sent.
 *
 * Pure: hashing only.
 */
import { createHash } from 'node:crypto';

/** The user id (ID_A) an `SM2-SM3` signature puts into Z, the GM/T 0009 default, on both sides. */
export const SM2_USER_ID = '1234567812345678';

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

const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const METHOD_PATTERN = /^[A-Z]{3,10}$/;

/** RFC 3986 percent-encoding of one segment: everything but the unreserved characters. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path as it is signed: each segment decoded once, then encoded as RFC 3986 requires. A
 * decoded path and the encoded one the client sent give the same text as long as the decoded
 * path holds no `%` (essc's ids never do); a segment that is not valid percent-encoding stays as it is.
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

const timestampText = (timestamp: string | number) => (typeof timestamp === 'number' ? String(timestamp) : timestamp);

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

/** The string that is signed. Throws a RangeError on parts that can't be canonical (see `isWellFormed`). */
export function canonicalString(parts: SignedParts): string {
  if (!isWellFormed(parts)) throw new RangeError('malformed signature parts');
  return [parts.method, parts.pathWithQuery, timestampText(parts.timestamp), parts.nonce, sha256Hex(parts.body)].join('\n');
}
