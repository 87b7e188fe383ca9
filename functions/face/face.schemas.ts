/** Request schemas of face verification. */
import { z } from 'zod';
import { httpUrl, idNumber, opaqueId, personName } from '../core/schemas.js';
import { FACE_PURPOSES } from './faceVerification.store.js';

export const StartFaceBody = z.object({
  purpose: z.enum(FACE_PURPOSES, { error: `must be one of ${FACE_PURPOSES.join(', ')}` }),
  name: personName.optional(),
  idNumber: idNumber.optional(),
  subjectCardId: opaqueId.optional(),
  returnUrl: httpUrl.optional(),
});

export const FaceIdParams = z.object({ id: opaqueId });
