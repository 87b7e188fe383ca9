/** Request schemas of the partner API (`/v1/partner/…`). */
import * as z from 'zod/mini';
import { isoTime } from '../core/answers.js';
import { cardStatus } from '../core/schemas.js';

/** The partner's own user id: 1–64 printable ASCII characters, no spaces. */
export const partnerUserId = z
  .string({ error: 'required' })
  .check(z.minLength(1, 'required'), z.maxLength(64, 'at most 64 characters'), z.regex(/^[\x21-\x7e]+$/, 'printable ASCII characters only, no spaces'));

export const LaunchTicketBody = z.strictObject({
  partnerUserId,
  returnUrl: z.optional(z.url({ error: 'must be a URL' }).check(z.maxLength(500, 'too long'))),
});

export const PartnerUserParams = z.object({ partnerUserId });

/** Anything: the signature check only verifies the signature over it. */
export const SignatureCheckBody = z.optional(z.record(z.string(), z.unknown()));

// Answers (the API reference and the SDK's types; core/http/route.ts `response`).


export const LaunchTicketAnswer = z.object({
  ticket: z.string(),
  /** Open this in your app (a web view or an iframe under a registered origin). */
  launchUrl: z.url(),
  expiresAt: isoTime,
});

export const PartnerUserAnswer = z.object({
  partnerUserId: z.string(),
  bound: z.boolean(),
  holderRef: z.optional(z.string()),
  cardStatus: z.optional(cardStatus),
  level: z.optional(z.number()),
  boundAt: z.optional(isoTime),
});

export const SignatureCheckAnswer = z.object({
  valid: z.literal(true),
  channelId: z.string(),
  /** The key that verified (X-Essc-Key-Id, or the oldest active key when the header was left out). */
  keyId: z.string(),
  /** The canonical string essc verified, to compare with yours. */
  signedString: z.string(),
  bodySha256: z.string(),
  serverTime: isoTime,
});
