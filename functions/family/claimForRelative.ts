/**
 * Claiming an e-card on a relative's behalf (代为申领, family service): a parent without a
 * phone of their own, or a child. The same three checks as a holder's own claim, done on
 * the helper's phone: real name and real card from the register, and a real person, who
 * is the relative themselves (their face, purpose `family`) or, for a child under 16, the
 * guardian (the helper's own face, purpose `guardian`). The relative sets the PIN; the
 * consent is recorded on the card as the relative's (or the guardian's). The new card and
 * the family binding are written in one transaction, so there is never a card claimed for
 * someone that nobody can reach. The relative's own app later claims the same card with
 * that PIN, like any card claimed in another channel.
 */
import { noteAccess } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { hashPin } from '../core/pii/pinHash.js';
import type { Session } from '../core/session/sessionToken.js';
import { faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import {
  checkRealCard,
  checkRealName,
  CONSENT_VERSIONS,
  cardPut,
  holderCard,
  newCardRecord,
  personCardClaim,
  requirePinRule,
  type CardRecord,
} from '../holder/index.js';
import { writeBinding } from './bind.js';
import { familyErrors } from './errors.js';
import { decideFamilyAdd, type Relationship } from './family.rules.js';
import { getFamilyCount, type FamilyBindingRecord } from './family.store.js';
import { helperBirthDate } from './subject.js';
import { memberView, type FamilyMemberView } from './views.js';

export interface ClaimForRelativeRequest {
  relationship: Relationship;
  name: string;
  idNumber: string;
  /** The relative's face (purpose `family`), or for a child under 16 the guardian's own (purpose `guardian`). */
  faceVerificationId: string;
  /** The relative's new PIN, set by them (or handed to them by the guardian). */
  pin: string;
  consent: true;
}

export async function claimForRelative(session: Session, req: ClaimForRelativeRequest): Promise<{ member: FamilyMemberView }> {
  const { card: helper } = await holderCard(session);
  const person = await checkRealName(req.name, req.idNumber, session);
  if (person.idHash === helper.idHash) throw familyErrors.problem('family_self', { errors: [{ field: 'idNumber', message: 'family_self' }] });
  if (person.cardId) throw familyErrors.problem('family_relative_has_card', { errors: [{ field: 'idNumber', message: 'family_relative_has_card' }] });
  checkRealCard(person);
  const at = now();
  const cardId = newId('card');
  const decision = decideFamilyAdd({
    helperCardId: helper.cardId,
    relativeCardId: cardId,
    relationship: req.relationship,
    relativeBirthDate: person.birthDate,
    helperBirthDate: await helperBirthDate(helper.idHash),
    boundCount: await getFamilyCount(helper.cardId),
    today: at,
  });
  if (!decision.ok) {
    throw familyErrors.problem(decision.reason, { errors: [{ field: ['family_guardian_only', 'family_guardian_age'].includes(decision.reason) ? 'relationship' : 'idNumber', message: decision.reason }] });
  }
  requirePinRule(req.pin, person.idNumber, 'pin');
  // An adult proves they are there with their own face; for a child the guardian does.
  const consentBy = decision.needsFace ? 'relative' : 'guardian';
  const face = decision.needsFace
    ? await requirePassedFace(session, req.faceVerificationId, 'family', person.idHash, at)
    : await requirePassedFace(session, req.faceVerificationId, 'guardian', helper.idHash, at);

  const card: CardRecord = {
    ...newCardRecord(person, cardId, await hashPin(req.pin), at.toISOString()),
    claimedOnBehalf: {
      helperCardId: helper.cardId,
      channelId: session.channelId,
      consentBy,
      consentAt: at.toISOString(),
      consentVersion: CONSENT_VERSIONS[consentBy],
      faceVerificationId: face.id,
    },
  };
  const binding: FamilyBindingRecord = {
    helperCardId: helper.cardId,
    relativeCardId: cardId,
    relationship: req.relationship,
    boundAt: at.toISOString(),
    boundByChannelId: session.channelId,
    boundByOpenid: session.openid,
    ...(decision.needsFace ? { faceVerificationId: face.id } : { addedAsGuardian: true }),
    claimedForRelative: true,
  };
  await writeBinding(binding, useFace(face, at, `family_claim:${helper.cardId}:${cardId}`), faceUsedProblem, {
    person: personCardClaim(person.idHash, cardId),
    card: cardPut(card),
  });
  noteAccess(person.idHash, 'relative');
  logger.info('card claimed for a relative', { helperCardId: helper.cardId, relativeCardId: cardId, relationship: req.relationship, consentBy });
  return { member: memberView(binding, card, person, at) };
}
