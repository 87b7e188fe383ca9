/** Request schemas of scan-to-login: the portal side (signed) and the holder side. */
import * as z from 'zod/mini';
import { opaqueId, pin, text } from '../core/schemas.js';
import { LOGIN_REQUEST_ID_PATTERN } from './loginRequest.rules.js';

export const CreateLoginRequestBody = z.object({
  /** Space-separated: `openid` required, plus `profile` and/or `idcard`. */
  scope: text(1, 100),
  redirectUri: z.optional(z.url({ error: 'must be a URL' }).check(z.maxLength(500, 'too long'))),
  /** Echoed in the ID token's `nonce` claim. */
  nonce: z.optional(
    z.string().check(z.minLength(8, 'at least 8 characters'), z.maxLength(128, 'at most 128 characters'), z.regex(/^[A-Za-z0-9._~+/=-]+$/, 'malformed nonce')),
  ),
});

export const LoginRequestIdParams = z.object({
  id: z.string({ error: 'required' }).check(z.regex(LOGIN_REQUEST_ID_PATTERN, 'malformed id')),
});

export const LoginConfirmationBody = z.object({
  pin: z.optional(pin),
  faceVerificationId: z.optional(opaqueId),
});
