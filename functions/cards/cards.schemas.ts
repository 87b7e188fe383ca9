/** Request schemas of claiming and the card's status. */
import * as z from 'zod/mini';
import { idNumber, opaqueId, personName, pin } from '../core/schemas.js';

export const ClaimBody = z.object({
  name: personName,
  idNumber,
  faceVerificationId: opaqueId,
  pin,
  consent: z.literal(true, { error: 'must be true: the holder must agree to the personal information notice' }),
});

export const LossReportBody = z.object({
  kind: z.enum(['temporary', 'formal'], { error: 'must be temporary or formal' }),
  pin,
});

export const LiftLossBody = z.object({ pin, faceVerificationId: opaqueId });

export const UnbindBody = z.object({ pin: z.optional(pin), faceVerificationId: z.optional(opaqueId) }).check(
  z.refine((b) => b.pin !== undefined || b.faceVerificationId !== undefined, {
    message: 'pin or faceVerificationId is required',
    path: ['pin'],
  }),
);
