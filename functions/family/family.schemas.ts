/** Request schemas of the family service (亲情服务). */
import * as z from 'zod/mini';
import { idNumber, opaqueId, personName, pin } from '../core/schemas.js';
import { RELATIONSHIPS } from './family.rules.js';

export const AddFamilyMemberBody = z.object({
  relationship: z.enum(RELATIONSHIPS, { error: `must be one of ${RELATIONSHIPS.join(', ')}` }),
  name: personName,
  idNumber,
  /** The relative's face check (purpose 'family'); omitted only for a child under 16 added by a guardian. */
  faceVerificationId: z.optional(opaqueId),
  /** 'relative': invite the relative to confirm in their own account instead of a face check here. */
  confirmBy: z.optional(z.enum(['face', 'relative'], { error: 'must be face or relative' })),
});

export const ClaimForRelativeBody = z.object({
  relationship: z.enum(RELATIONSHIPS, { error: `must be one of ${RELATIONSHIPS.join(', ')}` }),
  name: personName,
  idNumber,
  /** The relative's face check (purpose 'family'); for a child under 16, the guardian's own (purpose 'guardian'). */
  faceVerificationId: opaqueId,
  /** The relative's new e-card PIN, set by the relative (or the guardian for a child). */
  pin,
  consent: z.literal(true, { error: "must be true: the relative (or the child's guardian) must agree to the personal information notice" }),
});

export const AccountSharingBody = z.object({
  allowed: z.boolean({ error: 'must be true or false' }),
  pin,
});

export const AcceptInvitationBody = z.object({ pin });
export const FamilyInvitationParams = z.object({ id: opaqueId });

export const FamilyMemberParams = z.object({ memberId: opaqueId });
export const FamilyHelperParams = z.object({ helperId: opaqueId });
