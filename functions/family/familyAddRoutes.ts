/** Adding a relative: its own bundle, the one family route that reads the card register (PII keys). */
import { holderRoute } from '../core/http/holderRoute.js';
import { AddFamilyMemberBody } from './family.schemas.js';
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
