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

/** The PIN, or (when it is locked or forgotten) a face check of purpose loss_report. */
export const LossReportBody = z
  .object({
    kind: z.enum(['temporary', 'formal'], { error: 'must be temporary or formal' }),
    pin: z.optional(pin),
    faceVerificationId: z.optional(opaqueId),
  })
  .check(
    z.refine((b) => (b.pin === undefined) !== (b.faceVerificationId === undefined), {
      message: 'give the pin or a faceVerificationId (one of them)',
      path: ['pin'],
    }),
  );

export const ChangePinBody = z.object({ currentPin: pin, newPin: pin });

export const ResetPinBody = z.object({ faceVerificationId: opaqueId, newPin: pin });

export const LiftLossBody = z.object({ pin, faceVerificationId: opaqueId });

export const UnbindBody = z.object({ pin: z.optional(pin), faceVerificationId: z.optional(opaqueId) }).check(
  z.refine((b) => b.pin !== undefined || b.faceVerificationId !== undefined, {
    message: 'pin or faceVerificationId is required',
    path: ['pin'],
  }),
);
