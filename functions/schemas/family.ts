/** Request schemas of the family service (亲情服务). */
import { z } from 'zod';
import { RELATIONSHIPS } from '../domain/family.js';

const opaqueId = z.string({ error: 'required' }).min(1, 'required').max(100, 'too long').regex(/^[A-Za-z0-9_-]+$/, 'malformed id');

export const AddFamilyMemberBody = z.object({
  relationship: z.enum(RELATIONSHIPS, { error: `must be one of ${RELATIONSHIPS.join(', ')}` }),
  name: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(30, 'at most 30 characters')
    .regex(/^[\p{L}·•．・\s]+$/u, 'only letters and the middle dot'),
  idNumber: z
    .string({ error: 'required' })
    .trim()
    .regex(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits and a check digit or X'),
  /** The relative's face check (purpose 'family'); omitted only for a child under 16 added by a guardian. */
  faceVerificationId: opaqueId.optional(),
});

export const FamilyMemberParams = z.object({ memberId: opaqueId });
export const FamilyHelperParams = z.object({ helperId: opaqueId });
