/** Pension eligibility certification (待遇资格认证), for the holder or a bound relative. */
import { holderRoute } from '../core/http/holderRoute.js';
import { certifyPension as certify, pensionCertificationStatus as status } from './certify.js';
import { CertifyPensionBody, PensionStatusQuery } from './pension.schemas.js';

export const pensionCertificationStatus = holderRoute({
  method: 'GET',
  path: '/v1/pension-certification',
  summary: 'Pension eligibility certification status',
  success: 200,
  query: PensionStatusQuery,
  handler: async ({ session, query }) => ({ body: await status(session, query.subjectCardId) }),
});

export const certifyPension = holderRoute({
  method: 'POST',
  path: '/v1/pension-certifications',
  summary: 'Certify pension eligibility with a face check',
  success: 201,
  body: CertifyPensionBody,
  handler: async ({ session, body }) => ({ body: await certify(session, body.faceVerificationId, body.subjectCardId) }),
});
