import { route } from '../core/http/route.js';
import {
  AcceptInvitationBody,
  AccountSharingBody,
  AddFamilyMemberBody,
  FamilyHelperParams,
  FamilyInvitationParams,
  FamilyMemberParams,
} from './family.schemas.js';
import {
  acceptFamilyInvitation,
  addFamilyMember,
  deleteFamilyInvitation,
  listFamilyInvitations,
  setHelperAccountSharing,
  setMemberAccountSharing,
  issueFamilyMemberCode,
  listFamilyHelpers,
  listFamilyMembers,
  removeFamilyHelper,
  removeFamilyMember,
} from './family.js';

/** GET /v1/family/members */
export const list = route({ auth: 'holder' }, async ({ session }) => ({ status: 200, body: await listFamilyMembers(session) }));

/** POST /v1/family/members: 201 with the member, or 202 with an invitation the relative accepts. */
export const add = route({ auth: 'holder', body: AddFamilyMemberBody }, async ({ body, session }) => {
  const added = await addFamilyMember(session, body);
  return { status: 'invitation' in added ? 202 : 201, body: added };
});

/** DELETE /v1/family/members/{memberId} */
export const remove = route({ auth: 'holder', params: FamilyMemberParams }, async ({ params, session }) => {
  await removeFamilyMember(session, params.memberId);
  return { status: 204 };
});

/** POST /v1/family/members/{memberId}/codes: the relative's code, issued by the helper. */
export const issueCode = route({ auth: 'holder', params: FamilyMemberParams }, async ({ params, session }) => ({
  status: 201,
  body: await issueFamilyMemberCode(session, params.memberId),
}));

/** GET /v1/family/helpers: the relative's side, who has bound my card. */
export const listHelpers = route({ auth: 'holder' }, async ({ session }) => ({ status: 200, body: await listFamilyHelpers(session) }));

/** DELETE /v1/family/helpers/{helperId}: the relative removes a helper. */
export const removeHelper = route({ auth: 'holder', params: FamilyHelperParams }, async ({ params, session }) => {
  await removeFamilyHelper(session, params.helperId);
  return { status: 204 };
});

/** PUT /v1/family/members/{memberId}/account-sharing: my account pays the relative's bills (家庭共济). */
export const shareWithMember = route(
  { auth: 'holder', params: FamilyMemberParams, body: AccountSharingBody },
  async ({ params, body, session }) => ({
    status: 200,
    body: { member: await setMemberAccountSharing(session, params.memberId, body.allowed, body.pin) },
  }),
);

/** PUT /v1/family/helpers/{helperId}/account-sharing: my account pays the helper's bills. */
export const shareWithHelper = route(
  { auth: 'holder', params: FamilyHelperParams, body: AccountSharingBody },
  async ({ params, body, session }) => ({
    status: 200,
    body: { helper: await setHelperAccountSharing(session, params.helperId, body.allowed, body.pin) },
  }),
);

/** GET /v1/family/invitations: pending invitations received and sent. */
export const listInvitations = route({ auth: 'holder' }, async ({ session }) => ({ status: 200, body: await listFamilyInvitations(session) }));

/** POST /v1/family/invitations/{id}/acceptance: the relative accepts with their PIN. */
export const acceptInvitation = route(
  { auth: 'holder', params: FamilyInvitationParams, body: AcceptInvitationBody },
  async ({ params, body, session }) => ({
    status: 201,
    body: { helper: await acceptFamilyInvitation(session, params.id, body.pin) },
  }),
);

/** DELETE /v1/family/invitations/{id}: the relative declines or the helper withdraws. */
export const deleteInvitation = route({ auth: 'holder', params: FamilyInvitationParams }, async ({ params, session }) => {
  await deleteFamilyInvitation(session, params.id);
  return { status: 204 };
});
