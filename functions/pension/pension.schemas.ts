/** Request schemas of the records and pension certification routes. */
import * as z from 'zod/mini';
import { isoMonth, opaqueId } from '../core/schemas.js';
import { INSURANCE_TYPES } from './contributions.rules.js';

export const ContributionsQuery = z.object({
  type: z.optional(z.enum(INSURANCE_TYPES, { error: `must be one of ${INSURANCE_TYPES.join(', ')}` })),
  from: z.optional(isoMonth),
  to: z.optional(isoMonth),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(500, 'too long'))),
  limit: z.optional(
    z.coerce.number({ error: 'must be a number' }).check(z.multipleOf(1, 'must be an integer'), z.gte(1, 'at least 1'), z.lte(60, 'at most 60')),
  ),
  subjectCardId: z.optional(opaqueId),
});

export const PensionStatusQuery = z.object({ subjectCardId: z.optional(opaqueId) });

export const CertifyPensionBody = z.object({ faceVerificationId: opaqueId, subjectCardId: z.optional(opaqueId) });
