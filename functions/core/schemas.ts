/**
 * Shared zod atoms of request schemas: ids, PINs, names, ID numbers, dates. Each
 * capability's `*.schemas.ts` builds its bodies, queries and params from these, so one
 * rule has one definition (and one message) everywhere.
 *
 * zod/mini rather than full zod: the same validation core, 19 KiB in a bundle instead of
 * 445 KiB (full zod carries every locale); docs/perf.md has the figures. Its messages are
 * zod's English ones, configured here once.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

/** An id essc issued (card_…, st_…, fv_…): opaque, URL-safe. */
export const opaqueId = z
  .string({ error: 'required' })
  .check(z.minLength(1, 'required'), z.maxLength(100, 'too long'), z.regex(/^[A-Za-z0-9_-]+$/, 'malformed id'));

/** The 6-digit card PIN as typed (its rules are checked where a PIN is set: holder/pin.rules.ts). */
export const pin = z.string({ error: 'required' }).check(z.regex(/^\d{6}$/, 'must be exactly 6 digits'));

/** A mainland ID number's shape; the check digit and date are checked by holder/idNumber.rules.ts. */
export const idNumber = z
  .string({ error: 'required' })
  .check(z.trim(), z.regex(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits and a check digit or X'));

/** A person's name as on the register: letters of any script and the middle dot (holder/name.rules.ts). */
export const personName = z
  .string({ error: 'required' })
  .check(
    z.trim(),
    z.minLength(1, 'required'),
    z.maxLength(30, 'at most 30 characters'),
    z.regex(/^[\p{L}·•．・\s]+$/u, 'only letters and the middle dot'),
  );

/** Whether `YYYY-MM-DD` names a day of the calendar (2026-02-29 and 2026-13-45 do not). */
export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = z
  .string({ error: 'required' })
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'), z.refine(isCalendarDay, 'not a calendar date'));

/** A month `YYYY-MM`. */
export const isoMonth = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'));

/** An http(s) URL. */
export const httpUrl = z.string().check(
  z.maxLength(2000),
  z.refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
);

/** A string of `min`–`max` characters. */
export const text = (min: number, max: number) =>
  z.string({ error: 'required' }).check(z.minLength(min, min === 1 ? 'required' : `at least ${min} characters`), z.maxLength(max, 'too long'));

/** A card's status as answers and events show it (holder/card.store.ts CardStatus). */
export const cardStatus = z.enum(['normal', 'lost_temporary', 'lost_formal', 'cancelled']);
