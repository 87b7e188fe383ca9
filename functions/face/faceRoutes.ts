/** The holder starts a face verification and asks for its result (the server asks the provider). */
import { holderRoute } from '../core/http/holderRoute.js';
import { FaceIdParams, StartFaceBody } from './face.schemas.js';
import * as face from './faceVerifications.js';

export const startFaceVerification = holderRoute({
  method: 'POST',
  path: '/v1/face-verifications',
  summary: 'Start a face verification',
  success: 201,
  body: StartFaceBody,
  handler: async ({ body, session }) => ({ body: await face.startFaceVerification(session, body) }),
});

export const faceVerificationResult = holderRoute({
  method: 'POST',
  path: '/v1/face-verifications/{id}/result',
  summary: 'Ask the provider for the result',
  success: 200,
  params: FaceIdParams,
  handler: async ({ params, session }) => ({ body: await face.fetchFaceResult(session, params.id) }),
});
