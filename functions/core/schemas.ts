/**
 * Shared zod atoms of request schemas: ids, PINs, names, ID numbers, dates. Each
 * capability's `*.schemas.ts` builds its bodies, queries and params from these, so one
 * rule has one definition (and one message) everywhere.
 */
import { z } from 'zod';

/** An id essc issued (card_…, st_…, fv_…): opaque, URL-safe. */
export const opaqueId = z
  .string({ error: 'required' })
  .min(1, 'required')
  .max(100, 'too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'malformed id');

/** The 6-digit card PIN as typed (its rules are checked where a PIN is set: holder/pin.rules.ts). */
export const pin = z.string({ error: 'required' }).regex(/^\d{6}$/, 'must be exactly 6 digits');

/** A mainland ID number's shape; the check digit and date are checked by holder/idNumber.rules.ts. */
export const idNumber = z
  .string({ error: 'required' })
  .trim()
  .regex(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits and a check digit or X');

/** A person's name as on the register: letters of any script and the middle dot (holder/name.rules.ts). */
export const personName = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(30, 'at most 30 characters')
  .regex(/^[\p{L}·•．・\s]+$/u, 'only letters and the middle dot');

/** A calendar date `YYYY-MM-DD`. */
export const isoDate = z.string({ error: 'required' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/** A month `YYYY-MM`. */
export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

/** An http(s) URL. */
export const httpUrl = z
  .string()
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
