/**
 * Claiming (领卡): real name, real card, real person, a PIN, consent; then one transaction
 * that creates the person's one e-card (or reuses it) and binds it to this channel user.
 */
import { now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { hashPin, verifyPin } from '../core/pii/pinHash.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import {
  bindingPuts,
  cardExistsCheck,
  cardPut,
  cardView,
  checkPin,
  checkRealCard,
  checkRealName,
  getBindingOfUser,
  getCard,
  holderErrors,
  newCardRecord,
  personCardCheck,
  personCardClaim,
  type CardRecord,
  type CardView,
} from '../holder/index.js';
import { cardsErrors } from './errors.js';

/** Which personal-information notice the holder agreed to. */
export const CONSENT_VERSION = '2026-11';

export interface ClaimRequest {
  name: string;
  idNumber: string;
  faceVerificationId: string;
  pin: string;
  consent: true;
}

export async function claimCard(session: Session, req: ClaimRequest): Promise<CardView> {
  const person = await checkRealName(req.name, req.idNumber);
  checkRealCard(person);
  const pinRule = checkPin(req.pin, person.idNumber);
  if (!pinRule.ok) {
    throw cardsErrors.problem('pin_rule_violated', { rule: pinRule.message }, { errors: [{ field: 'pin', message: pinRule.message }] });
  }
  const at = now();
  const face = await requirePassedFace(session, req.faceVerificationId, 'claim', person.idHash, at);
  if (await getBindingOfUser(session.channelId, session.openid)) throw cardsErrors.problem('already_claimed');

  const existing = person.cardId ? await getCard(person.cardId) : undefined;
  if (existing && !(await verifyPin(req.pin, existing.pinHash))) {
    // The e-card exists from another channel: its PIN is the person's, not a new one.
    throw cardsErrors.problem('pin_mismatch', { errors: [{ field: 'pin', message: 'does not match the existing card PIN' }] });
  }
  const card: CardRecord = existing ?? newCardRecord(person, newId('card'), await hashPin(req.pin), at.toISOString());

  const binding = bindingPuts({
    cardId: card.cardId,
    channelId: session.channelId,
    openid: session.openid,
    boundAt: at.toISOString(),
    consentAt: at.toISOString(),
    consentVersion: CONSENT_VERSION,
  });
  const refusal = await attemptTransact([
    // A new card: the person gets it only if they have none yet. An existing one: it is still theirs.
    ['person', existing ? personCardCheck(person.idHash, card.cardId) : personCardClaim(person.idHash, card.cardId)],
    ['card', existing ? cardExistsCheck(card.cardId) : cardPut(card)],
    ['userBinding', binding.userSide],
    ['cardBinding', binding.cardSide],
    ['face', useFace(face, at, `claim:${card.cardId}`)],
  ]);
  if (refusal) {
    if (refusal.refused('userBinding')) throw cardsErrors.problem('already_claimed');
    if (refusal.refused('cardBinding')) throw cardsErrors.problem('card_bound_in_channel');
    if (refusal.refused('face')) throw faceUsedProblem();
    if (refusal.refused('person') && !existing) {
      // Another claim of the same person created the card a moment ago: bind to that one.
      logger.info('claim raced another claim of the same person; retrying against the new card');
      return claimCard(session, req);
    }
    throw holderErrors.problem('concurrent_update');
  }
  logger.info('card claimed', { cardId: card.cardId, channelId: session.channelId, newCard: !existing });
  return cardView(card, at);
}
