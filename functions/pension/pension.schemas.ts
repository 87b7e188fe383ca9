/** Request schemas of the records and pension certification routes (also used by the OpenAPI document). */
import { z } from 'zod';
import { INSURANCE_TYPES, MONTH_RE } from './contributions.rules.js';

const month = z.string().regex(MONTH_RE, 'must be a month YYYY-MM');
const opaqueId = z.string({ error: 'required' }).min(1, 'required').max(100, 'too long').regex(/^[A-Za-z0-9_-]+$/, 'malformed id');

export const ContributionsQuery = z.object({
  type: z.enum(INSURANCE_TYPES, { error: `must be one of ${INSURANCE_TYPES.join(', ')}` }).optional(),
  from: month.optional(),
  to: month.optional(),
  cursor: z.string().min(1).max(500, 'too long').optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'at least 1').max(60, 'at most 60').optional(),
  subjectCardId: opaqueId.optional(),
});

export const PensionStatusQuery = z.object({ subjectCardId: opaqueId.optional() });

export const CertifyPensionBody = z.object({ faceVerificationId: opaqueId, subjectCardId: opaqueId.optional() });
