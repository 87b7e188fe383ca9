/** Refusals of the family service (亲情服务). */
import { defineErrors } from '../core/problem.js';
import { GUARDIAN_MIN_AGE, GUARDIAN_MIN_AGE_AT_BIRTH, MAX_FAMILY_MEMBERS } from './family.rules.js';

export const familyErrors = /* @__PURE__ */ defineErrors({
  // The same answer for "no such card" and "not bound to you": don't reveal card ids.
  family_member_not_found: [404, '未找到该亲属绑定，或绑定已解除。'],
  family_member_exists: [409, '已绑定该亲属。'],
  family_self: [422, '不能绑定本人。'],
  family_limit_reached: [422, `最多可绑定${MAX_FAMILY_MEMBERS}位亲属。`],
  family_guardian_only: [422, '未满16周岁的亲属只能由监护人以"子女"关系添加。'],
  // Asked before any face check, so the helper is offered to claim for them (POST /v1/family/members/claims).
  family_guardian_age: [422, `作为监护人添加未满16周岁的孩子，您须年满${GUARDIAN_MIN_AGE}周岁，且孩子出生时您已年满${GUARDIAN_MIN_AGE_AT_BIRTH}周岁。`],
  family_relative_no_card: [422, '该亲属尚未领取电子社保卡，您可以为TA代为申领。'],
  family_relative_has_card: [409, '该亲属已领取电子社保卡，请直接添加。'],
  family_card_cancelled: [422, '该亲属的电子社保卡已注销，不能绑定。'],
  family_invitation_not_found: [404, '未找到该亲属邀请，可能已过期或已处理。'],
  family_invitation_pending: [409, '已向该亲属发出邀请，请等待其确认。'],
});
