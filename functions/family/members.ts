/**
 * Family service (亲情服务): a holder (the helper) binds up to 8 relatives' e-cards and
 * shows their dynamic codes. An adult relative is added with their own face check on the
 * helper's phone (or by accepting an invitation: invitations.ts); a child under 16 by a
 * guardian. Either side removes the binding; a code issued through it dies with it. The
 * helper gets no way to change the relative's PIN, loss status or channel bindings: there
 * are simply no such endpoints.
 */
import { noteAccess } from '../core/audit/trail.js';
import { issueFamilyCode, type IssuedCode } from '../codes/index.js';
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceErrors, faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import { checkRealName, effectiveStatus, getCard, getPerson, holderCard } from '../holder/index.js';
import { writeBinding } from './bind.js';
import { familyErrors } from './errors.js';
import { decideFamilyAdd, type FamilyAddRefusal, type Relationship } from './family.rules.js';
import { helperBirthDate } from './subject.js';
import { familyDeletes, getFamilyBinding, getFamilyCount, listFamilyOf, listHelpersOf, type FamilyBindingRecord } from './family.store.js';
import { inviteRelative } from './invitations.js';
import { helperView, memberView, type FamilyHelperView, type FamilyInvitationView, type FamilyMemberView } from './views.js';

export interface AddFamilyMemberRequest {
  relationship: Relationship;
  name: string;
  idNumber: string;
  faceVerificationId?: string;
  /** 'relative': no face on this phone; the relative accepts an invitation in their own app. */
  confirmBy?: 'face' | 'relative';
}

const refusedOn = (field: string, code: FamilyAddRefusal | 'family_relative_no_card' | 'family_card_cancelled') =>
  familyErrors.problem(code, { errors: [{ field, message: code }] });

export async function addFamilyMember(
  session: Session,
  req: AddFamilyMemberRequest,
): Promise<{ member: FamilyMemberView } | { invitation: FamilyInvitationView }> {
  const { card: helper } = await holderCard(session);
  const person = await checkRealName(req.name, req.idNumber, session);
  if (!person.cardId) throw refusedOn('idNumber', 'family_relative_no_card');
  const at = now();
  const relative = await getCard(person.cardId);
  if (!relative) throw refusedOn('idNumber', 'family_relative_no_card');
  const decision = decideFamilyAdd({
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    relativeBirthDate: person.birthDate,
    helperBirthDate: await helperBirthDate(helper.idHash),
    boundCount: await getFamilyCount(helper.cardId),
    today: at,
  });
  if (!decision.ok) throw refusedOn(['family_guardian_only', 'family_guardian_age'].includes(decision.reason) ? 'relationship' : 'idNumber', decision.reason);
  if (effectiveStatus(relative, at) === 'cancelled') throw refusedOn('idNumber', 'family_card_cancelled');
  if (await getFamilyBinding(helper.cardId, relative.cardId)) throw familyErrors.problem('family_member_exists');
  if (decision.needsFace && req.confirmBy === 'relative') {
    return { invitation: await inviteRelative(session, helper, relative, req.relationship, at) };
  }

  let face;
  if (decision.needsFace) {
    if (!req.faceVerificationId) {
      throw faceErrors.problem('face_verification_required', {
        errors: [{ field: 'faceVerificationId', message: "the relative's face check, or confirmBy: relative" }],
      });
    }
    face = await requirePassedFace(session, req.faceVerificationId, 'family', person.idHash, at);
  }

  const binding: FamilyBindingRecord = {
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    boundAt: at.toISOString(),
    boundByChannelId: session.channelId,
    boundByOpenid: session.openid,
    ...(decision.needsFace ? { faceVerificationId: req.faceVerificationId } : { addedAsGuardian: true }),
  };
  await writeBinding(binding, face && useFace(face, at, `family:${helper.cardId}:${relative.cardId}`), faceUsedProblem);
  logger.info('family member added', {
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    asGuardian: !decision.needsFace,
  });
  return { member: memberView(binding, relative, await getPerson(relative.idHash), at) };
}

/** GET /v1/family/members: the helper's relatives, masked. */
export async function listFamilyMembers(session: Session): Promise<{ members: FamilyMemberView[] }> {
  const { card: helper } = await holderCard(session);
  const bindings = await listFamilyOf(helper.cardId);
  const cards = await Promise.all(bindings.map((b) => getCard(b.relativeCardId)));
  const people = await Promise.all(cards.map((c) => (c ? getPerson(c.idHash) : undefined)));
  for (const c of cards) if (c) noteAccess(c.idHash, 'relative');
  const at = now();
  const members = bindings
    .map((b, i) => (cards[i] ? memberView(b, cards[i], people[i], at) : undefined))
    .filter((m): m is FamilyMemberView => m !== undefined)
    .sort((a, b) => a.boundAt.localeCompare(b.boundAt));
  return { members };
}

async function removeBinding(helperCardId: string, relativeCardId: string, by: 'helper' | 'relative'): Promise<void> {
  const deletes = familyDeletes(helperCardId, relativeCardId);
  const refusal = await attemptTransact([
    ['binding', deletes.binding],
    ['slot', deletes.slot],
  ]);
  if (refusal) throw familyErrors.problem('family_member_not_found');
  logger.info('family member removed', { helperCardId, relativeCardId, by });
}

/** DELETE /v1/family/members/{memberId}: the helper unbinds a relative. */
export async function removeFamilyMember(session: Session, memberId: string): Promise<void> {
  const { card: helper } = await holderCard(session);
  await removeBinding(helper.cardId, memberId, 'helper');
}

/** POST /v1/family/members/{memberId}/codes: a code for the relative's card, traceable to the helper. */
export async function issueFamilyMemberCode(session: Session, memberId: string): Promise<IssuedCode> {
  const { card: helper } = await holderCard(session);
  const binding = await getFamilyBinding(helper.cardId, memberId);
  if (!binding) throw familyErrors.problem('family_member_not_found');
  const relative = await getCard(binding.relativeCardId);
  if (!relative) throw familyErrors.problem('family_member_not_found');
  noteAccess(relative.idHash, 'relative');
  return issueFamilyCode(session, binding, relative);
}

/** The relative's side: who has bound my card (GET /v1/family/helpers). */
export async function listFamilyHelpers(session: Session): Promise<{ helpers: FamilyHelperView[] }> {
  const { card } = await holderCard(session);
  const reverse = await listHelpersOf(card.cardId);
  const cards = await Promise.all(reverse.map((b) => getCard(b.helperCardId)));
  for (const c of cards) if (c) noteAccess(c.idHash, 'relative');
  const helpers = reverse
    .map((b, i) => (cards[i] ? helperView(b, cards[i]) : undefined))
    .filter((h): h is FamilyHelperView => h !== undefined)
    .sort((a, b) => a.boundAt.localeCompare(b.boundAt));
  return { helpers };
}

/** The relative removes a helper (DELETE /v1/family/helpers/{helperId}). */
export async function removeFamilyHelper(session: Session, helperId: string): Promise<void> {
  const { card } = await holderCard(session);
  await removeBinding(helperId, card.cardId, 'relative');
}
