import { route } from '../core/http/route.js';
import { CertifyPensionBody, PensionStatusQuery } from './pension.schemas.js';
import { certifyPension, pensionCertificationStatus } from './certify.js';

/** GET /v1/pension-certification */
export const status = route({ auth: 'holder', query: PensionStatusQuery }, async ({ session, query }) => ({
  status: 200,
  body: await pensionCertificationStatus(session, query.subjectCardId),
}));

/** POST /v1/pension-certifications */
export const certify = route({ auth: 'holder', body: CertifyPensionBody }, async ({ session, body }) => ({
  status: 201,
  body: await certifyPension(session, body.faceVerificationId, body.subjectCardId),
}));
