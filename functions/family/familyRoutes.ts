/** Family service (亲情服务): relatives, helpers, invitations, codes for a relative, family sharing (adding: familyAddRoutes.ts). */
import { holderRoute } from '../core/http/holderRoute.js';
import {
  AcceptInvitationBody,
  AccountSharingBody,
  FamilyHelperParams,
  FamilyInvitationParams,
  FamilyMemberParams,
} from './family.schemas.js';
import * as invitations from './invitations.js';
import * as members from './members.js';
import * as sharing from './sharing.js';

export const listFamilyMembers = holderRoute({
  method: 'GET',
  path: '/v1/family/members',
  summary: 'Relatives bound by this holder (masked)',
  success: 200,
  handler: async ({ session }) => ({ body: await members.listFamilyMembers(session) }),
});


export const removeFamilyMember = holderRoute({
  method: 'DELETE',
  path: '/v1/family/members/{memberId}',
  summary: 'Unbind a relative',
  success: 204,
  params: FamilyMemberParams,
  handler: async ({ params, session }) => {
    await members.removeFamilyMember(session, params.memberId);
    return {};
  },
});

export const issueFamilyCode = holderRoute({
  method: 'POST',
  path: '/v1/family/members/{memberId}/codes',
  summary: "Issue the relative's dynamic code (traceable to the helper)",
  success: 201,
  params: FamilyMemberParams,
  handler: async ({ params, session }) => ({ body: await members.issueFamilyMemberCode(session, params.memberId) }),
});

export const listFamilyHelpers = holderRoute({
  method: 'GET',
  path: '/v1/family/helpers',
  summary: 'Helpers who bound this card',
  success: 200,
  handler: async ({ session }) => ({ body: await members.listFamilyHelpers(session) }),
});

export const removeFamilyHelper = holderRoute({
  method: 'DELETE',
  path: '/v1/family/helpers/{helperId}',
  summary: 'Remove a helper (relative side)',
  success: 204,
  params: FamilyHelperParams,
  handler: async ({ params, session }) => {
    await members.removeFamilyHelper(session, params.helperId);
    return {};
  },
});

export const shareAccountWithMember = holderRoute({
  method: 'PUT',
  path: '/v1/family/members/{memberId}/account-sharing',
  summary: "Let my personal account pay the relative's bills (家庭共济)",
  success: 200,
  params: FamilyMemberParams,
  body: AccountSharingBody,
  handler: async ({ params, body, session }) => ({
    body: { member: await sharing.setMemberAccountSharing(session, params.memberId, body.allowed, body.pin) },
  }),
});

export const shareAccountWithHelper = holderRoute({
  method: 'PUT',
  path: '/v1/family/helpers/{helperId}/account-sharing',
  summary: "Let my personal account pay the helper's bills (家庭共济)",
  success: 200,
  params: FamilyHelperParams,
  body: AccountSharingBody,
  handler: async ({ params, body, session }) => ({
    body: { helper: await sharing.setHelperAccountSharing(session, params.helperId, body.allowed, body.pin) },
  }),
});

export const listFamilyInvitations = holderRoute({
  method: 'GET',
  path: '/v1/family/invitations',
  summary: 'Pending family invitations received and sent',
  success: 200,
  handler: async ({ session }) => ({ body: await invitations.listFamilyInvitations(session) }),
});

export const acceptFamilyInvitation = holderRoute({
  method: 'POST',
  path: '/v1/family/invitations/{id}/acceptance',
  summary: 'Accept a family invitation with my PIN (the relative confirms from their own account)',
  success: 201,
  params: FamilyInvitationParams,
  body: AcceptInvitationBody,
  handler: async ({ params, body, session }) => ({
    body: { helper: await invitations.acceptFamilyInvitation(session, params.id, body.pin) },
  }),
});

export const deleteFamilyInvitation = holderRoute({
  method: 'DELETE',
  path: '/v1/family/invitations/{id}',
  summary: 'Decline (relative) or withdraw (helper) a family invitation',
  success: 204,
  params: FamilyInvitationParams,
  handler: async ({ params, session }) => {
    await invitations.deleteFamilyInvitation(session, params.id);
    return {};
  },
});
