/** Request schemas of the records and pension certification routes. */
import { z } from 'zod';
import { isoMonth, opaqueId } from '../core/schemas.js';
import { INSURANCE_TYPES } from './contributions.rules.js';

export const ContributionsQuery = z.object({
  type: z.enum(INSURANCE_TYPES, { error: `must be one of ${INSURANCE_TYPES.join(', ')}` }).optional(),
  from: isoMonth.optional(),
  to: isoMonth.optional(),
  cursor: z.string().min(1).max(500, 'too long').optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'at least 1').max(60, 'at most 60').optional(),
  subjectCardId: opaqueId.optional(),
});

export const PensionStatusQuery = z.object({ subjectCardId: opaqueId.optional() });

export const CertifyPensionBody = z.object({ faceVerificationId: opaqueId, subjectCardId: opaqueId.optional() });
