/** Adding a relative, or claiming a card for them: the family routes that read the card register (PII keys). */
import { holderRoute } from '../core/http/holderRoute.js';
import { claimForRelative } from './claimForRelative.js';
import { AddFamilyMemberBody, ClaimForRelativeBody } from './family.schemas.js';
import * as members from './members.js';

export const addFamilyMember = holderRoute({
  method: 'POST',
  path: '/v1/family/members',
  summary: "Bind a relative's card (their face check; a child under 16 by a guardian); 202 with an invitation the relative accepts",
  success: 201,
  body: AddFamilyMemberBody,
  handler: async ({ body, session }) => {
    const added = await members.addFamilyMember(session, body);
    return { status: 'invitation' in added ? 202 : 201, body: added };
  },
});

export const claimForFamilyMember = holderRoute({
  method: 'POST',
  path: '/v1/family/members/claims',
  summary: "Claim an e-card on a relative's behalf and bind it (their face on this phone, or a guardian's for a child under 16; their PIN; their consent)",
  success: 201,
  body: ClaimForRelativeBody,
  handler: async ({ body, session }) => ({ body: await claimForRelative(session, body) }),
});
