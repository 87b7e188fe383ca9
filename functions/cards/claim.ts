/**
 * Claiming (领卡): real name, real card, real person, a PIN, consent; then one transaction
 * that creates the person's one e-card (or reuses it) and binds it to this channel user.
 */
import { now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { hashPin } from '../core/pii/pinHash.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { consumeFace, faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import {
  bindingPuts,
  cardExistsCheck,
  cardPut,
  cardView,
  checkCardPin,
  CONSENT_VERSION,
  checkRealCard,
  checkRealName,
  effectiveStatus,
  getBindingOfCard,
  getBindingOfUser,
  getCard,
  holderErrors,
  listBindingsOfCard,
  pinSetChange,
  newCardRecord,
  personCardCheck,
  personCardClaim,
  requirePinRule,
  type CardRecord,
  type CardView,
} from '../holder/index.js';
import { cardEventPart } from '../webhooks/index.js';
import { holderRefOf } from '../partners/index.js';
import { cardsErrors } from './errors.js';
import { holderEventPart } from '../notifications/index.js';
import { findChannel } from '../channels/index.js';

export interface ClaimRequest {
  name: string;
  idNumber: string;
  faceVerificationId: string;
  pin: string;
  consent: true;
}

export async function claimCard(session: Session, req: ClaimRequest): Promise<CardView & { holderRef: string }> {
  const person = await checkRealName(req.name, req.idNumber, session);
  checkRealCard(person);
  requirePinRule(req.pin, person.idNumber, 'pin');
  const at = now();
  const face = await requirePassedFace(session, req.faceVerificationId, 'claim', person.idHash, at);
  if (await getBindingOfUser(session.channelId, session.openid)) throw cardsErrors.problem('already_claimed');

  const existing = person.cardId ? await getCard(person.cardId) : undefined;
  // A card a family helper claimed for this person (代为申领) that no app of the person's own
  // holds yet: the person's own face, just checked, makes it theirs, and the PIN they choose
  // now replaces the one typed on the helper's phone, which they may not remember (the same
  // proof a PIN reset asks for).
  const takeOver = existing?.claimedOnBehalf !== undefined && (await listBindingsOfCard(existing.cardId)).length === 0;
  if (existing) {
    // The e-card exists from another channel: the PIN is the person's, checked like any use
    // of it (counted, locked after 5), and the face check is used up whatever the outcome,
    // so a claim is no way to try PINs. A card bound here already is refused before the PIN.
    await consumeFace(face, at, `claim:${existing.cardId}`);
    if (await getBindingOfCard(existing.cardId, session.channelId)) throw cardsErrors.problem('card_bound_in_channel');
    if (!takeOver) await checkCardPin(existing, req.pin);
  }
  const card: CardRecord = existing ?? newCardRecord(person, newId('card'), await hashPin(req.pin), at.toISOString());

  const holderRef = await holderRefOf(session.channelId, card.cardId);
  const binding = bindingPuts({
    holderRef,
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
    ['card', !existing ? cardPut(card) : takeOver ? pinSetChange(card.cardId, existing.version, await hashPin(req.pin), at.toISOString()) : cardExistsCheck(card.cardId)],
    ['userBinding', binding.userSide],
    ['cardBinding', binding.cardSide],
    ['face', !existing && useFace(face, at, `claim:${card.cardId}`)],
    ['event', cardEventPart('card.claimed', card.cardId, effectiveStatus(card, at), at, [session])],
    // A card claimed into one more channel: its holder hears of it (a stranger's claim would show here).
    ['notice', existing && holderEventPart('channel_bound', card.cardId, at, { channelName: (await findChannel(session.channelId))?.name })],
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
  logger.info('card claimed', { cardId: card.cardId, channelId: session.channelId, newCard: !existing, takenOver: takeOver });
  return { ...cardView(card, at), holderRef };
}
