/** Request schemas of the family service (亲情服务). */
import { z } from 'zod';
import { RELATIONSHIPS } from './family.rules.js';

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
  /** 'relative': invite the relative to confirm in their own account instead of a face check here. */
  confirmBy: z.enum(['face', 'relative'], { error: 'must be face or relative' }).optional(),
});

const pin = z.string({ error: 'required' }).regex(/^\d{6}$/, 'must be exactly 6 digits');

export const AccountSharingBody = z.object({
  allowed: z.boolean({ error: 'must be true or false' }),
  pin,
});

export const AcceptInvitationBody = z.object({ pin });
export const FamilyInvitationParams = z.object({ id: opaqueId });

export const FamilyMemberParams = z.object({ memberId: opaqueId });
export const FamilyHelperParams = z.object({ helperId: opaqueId });
