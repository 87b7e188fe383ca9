import { route } from '../core/http/route.js';
import { FaceIdParams, StartFaceBody } from '../cards/cards.schemas.js';
import { fetchFaceResult, startFaceVerification } from './faceVerifications.js';

/** POST /v1/face-verifications */
export const start = route({ auth: 'holder', body: StartFaceBody }, async ({ body, session }) => ({
  status: 201,
  body: await startFaceVerification(session, body),
}));

/** POST /v1/face-verifications/{id}/result: the server asks the provider. */
export const result = route({ auth: 'holder', params: FaceIdParams }, async ({ params, session }) => ({
  status: 200,
  body: await fetchFaceResult(session, params.id),
}));
