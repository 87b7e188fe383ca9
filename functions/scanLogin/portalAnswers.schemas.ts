/**
 * What scan-to-login answers the portal (core/http/route.ts `response`; the API tests check
 * every answer against them). Apart from the request schemas, which the holder's routes bundle.
 */
import * as z from 'zod/mini';
import { isoTime } from '../core/answers.js';

export const CreatedLoginRequestAnswer = z.object({
  id: z.string(),
  /** Show it as a QR code: `essc://login?r=<id>`, scanned in the holder's app. */
  qrContent: z.string(),
  expiresAt: isoTime,
});

export const PortalLoginRequestAnswer = z.object({
  status: z.enum(['pending', 'confirmed', 'expired']),
  /** Once confirmed: the signed ID token (ES256, its key at /.well-known/jwks.json). */
  idToken: z.optional(z.string()),
  redirectUri: z.optional(z.string()),
  /** How the form_post callback to `redirectUri` went. */
  callback: z.optional(z.object({ status: z.enum(['delivered', 'failed']), at: isoTime, detail: z.string() })),
});
