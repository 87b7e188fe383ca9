/** Request schemas of scan-to-login: the portal side (signed) and the holder side. */
import { z } from 'zod';
import { opaqueId, pin } from '../core/schemas.js';
import { LOGIN_REQUEST_ID_PATTERN } from './loginRequest.rules.js';

export const CreateLoginRequestBody = z.object({
  /** Space-separated: `openid` required, plus `profile` and/or `idcard`. */
  scope: z.string({ error: 'required' }).min(1, 'required').max(100, 'too long'),
  redirectUri: z.string().url('must be a URL').max(500, 'too long').optional(),
  /** Echoed in the ID token's `nonce` claim. */
  nonce: z
    .string()
    .min(8, 'at least 8 characters')
    .max(128, 'at most 128 characters')
    .regex(/^[A-Za-z0-9._~+/=-]+$/, 'malformed nonce')
    .optional(),
});

export const LoginRequestIdParams = z.object({
  id: z.string({ error: 'required' }).regex(LOGIN_REQUEST_ID_PATTERN, 'malformed id'),
});

export const LoginConfirmationBody = z.object({
  pin: pin.optional(),
  faceVerificationId: opaqueId.optional(),
});
