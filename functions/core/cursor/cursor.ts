/**
 * Opaque, tamper-evident pagination cursors. A cursor carries the position a list stopped at,
 * HMAC-signed together with the list it belongs to (its owner and filters: the `scope`), so a
 * client can neither forge a position nor use one holder's or one query's cursor on another.
 * The scope is signed, not carried: it never reaches the client, so an owner's key hash in it
 * stays on the server.
 *
 * Written here rather than taken from a library: it is one HMAC over two strings with node's
 * crypto, and JWT-style libraries would add a header and claims no list needs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cursorSecret } from '../config.js';
import { cursorErrors } from './errors.js';

export type CursorPosition = Record<string, string | number>;

/** 128 bits of tag: forging one is out of reach, and the cursor stays short. */
const TAG_BYTES = 16;

function tag(scope: string, payload: string): Buffer {
  return createHmac('sha256', cursorSecret()).update(`essc-cursor-v1\n${scope}\n${payload}`).digest().subarray(0, TAG_BYTES);
}

export function sealCursor(scope: string, position: CursorPosition): string {
  const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
  return `${payload}.${tag(scope, payload).toString('base64url')}`;
}

const invalidCursor = () => cursorErrors.problem('invalid_cursor', { errors: [{ field: 'cursor', message: 'not a cursor this list gave out' }] });

/**
 * The position a cursor of this scope carries; `invalid_cursor` (400) for anything else. The
 * caller still checks the position's shape: a sound tag proves only that we wrote it.
 */
export function openCursor(cursor: string, scope: string): Record<string, unknown> {
  const parts = cursor.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]{1,1000}$/.test(parts[0]!) || !/^[A-Za-z0-9_-]+$/.test(parts[1]!)) throw invalidCursor();
  const [payload, given] = parts as [string, string];
  const expected = tag(scope, payload);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalidCursor();
  try {
    const position: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (position && typeof position === 'object' && !Array.isArray(position)) return position as Record<string, unknown>;
  } catch {
    // fall through: a tag over bytes we did not write as JSON cannot happen, but answer 400 regardless
  }
  throw invalidCursor();
}

/** A position's member, or `invalid_cursor` when it is missing or of another type. */
export function positionString(position: Record<string, unknown>, name: string, valid: (v: string) => boolean = () => true): string {
  const v = position[name];
  if (typeof v !== 'string' || !valid(v)) throw invalidCursor();
  return v;
}

export function positionInteger(position: Record<string, unknown>, name: string, min: number, max: number): number {
  const v = position[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidCursor();
  return v;
}
