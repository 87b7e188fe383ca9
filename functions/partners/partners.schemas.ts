/** Request schemas of the partner API (`/v1/partner/…`). */
import * as z from 'zod/mini';

/** The partner's own user id: 1–64 printable ASCII characters, no spaces. */
export const partnerUserId = z
  .string({ error: 'required' })
  .check(z.minLength(1, 'required'), z.maxLength(64, 'at most 64 characters'), z.regex(/^[\x21-\x7e]+$/, 'printable ASCII characters only, no spaces'));

export const LaunchTicketBody = z.strictObject({
  partnerUserId,
  returnUrl: z.optional(z.url({ error: 'must be a URL' }).check(z.maxLength(500, 'too long'))),
});

export const PartnerUserParams = z.object({ partnerUserId });
