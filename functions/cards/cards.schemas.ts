/**
 * Request schemas of the holder API. The handlers validate with them and the OpenAPI
 * document is generated from them, so the contract and the checks can't drift apart.
 */
import { z } from 'zod';

const idNumber = z
  .string({ error: 'required' })
  .trim()
  .regex(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits and a check digit or X');
const name = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(30, 'at most 30 characters')
  .regex(/^[\p{L}·•．・\s]+$/u, 'only letters and the middle dot');
const pin = z.string({ error: 'required' }).regex(/^\d{6}$/, 'must be exactly 6 digits');
const opaqueId = z.string({ error: 'required' }).min(1, 'required').max(100, 'too long').regex(/^[A-Za-z0-9_-]+$/, 'malformed id');
const returnUrl = z
  .string()
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

export const CreateSessionBody = z.object({
  channelId: z.string({ error: 'required' }).min(1, 'required').max(64).regex(/^[a-z0-9-]+$/, 'malformed channel id'),
  platform: z.enum(['weapp', 'alipay', 'h5'], { error: 'must be weapp, alipay or h5' }),
  loginCode: z.string({ error: 'required' }).min(1, 'required').max(512, 'too long'),
});

export const facePurposes = ['claim', 'payment', 'pension', 'family', 'unbind', 'unlock', 'login'] as const;

export const StartFaceBody = z.object({
  purpose: z.enum(facePurposes, { error: `must be one of ${facePurposes.join(', ')}` }),
  name: name.optional(),
  idNumber: idNumber.optional(),
  subjectCardId: opaqueId.optional(),
  returnUrl: returnUrl.optional(),
});

export const FaceIdParams = z.object({ id: opaqueId });

export const ClaimBody = z.object({
  name,
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

export const UnbindBody = z
  .object({ pin: pin.optional(), faceVerificationId: opaqueId.optional() })
  .refine((b) => b.pin !== undefined || b.faceVerificationId !== undefined, {
    message: 'pin or faceVerificationId is required',
    path: ['pin'],
  });
