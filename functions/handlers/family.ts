import { route } from '../http/route.js';
import { AddFamilyMemberBody, FamilyHelperParams, FamilyMemberParams } from '../schemas/family.js';
import {
  addFamilyMember,
  issueFamilyMemberCode,
  listFamilyHelpers,
  listFamilyMembers,
  removeFamilyHelper,
  removeFamilyMember,
} from '../services/family.js';

/** GET /v1/family/members */
export const list = route({ auth: 'holder' }, async ({ session }) => ({ status: 200, body: await listFamilyMembers(session) }));

/** POST /v1/family/members */
export const add = route({ auth: 'holder', body: AddFamilyMemberBody }, async ({ body, session }) => ({
  status: 201,
  body: { member: await addFamilyMember(session, body) },
}));

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
