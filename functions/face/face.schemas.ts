/** Request schemas of face verification. */
import * as z from 'zod/mini';
import { httpUrl, idNumber, opaqueId, personName } from '../core/schemas.js';
import { FACE_PURPOSES } from './faceVerification.store.js';

export const StartFaceBody = z.object({
  purpose: z.enum(FACE_PURPOSES, { error: `must be one of ${FACE_PURPOSES.join(', ')}` }),
  name: z.optional(personName),
  idNumber: z.optional(idNumber),
  subjectCardId: z.optional(opaqueId),
  returnUrl: z.optional(httpUrl),
});

export const FaceIdParams = z.object({ id: opaqueId });
