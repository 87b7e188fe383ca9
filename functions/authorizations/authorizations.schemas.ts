/** Request schemas of 授权管理. */
import * as z from 'zod/mini';
import { opaqueId, pin } from '../core/schemas.js';

export const AuthorizationParams = z.object({
  channelId: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a channel id')),
});

export const RevokeBody = z
  .object({ pin: z.optional(pin), faceVerificationId: z.optional(opaqueId), confirm: z.optional(z.literal(true)) })
  .check(
    z.refine((b) => b.pin !== undefined || b.faceVerificationId !== undefined, {
      message: 'pin or faceVerificationId is required',
      path: ['pin'],
    }),
  );
