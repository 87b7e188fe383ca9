/**
 * Changing the card PIN with the current one, and resetting a forgotten or locked PIN with a
 * face check (purpose pin_reset). Either writes the new PIN's hash under the PIN rules, clears
 * the count of wrong PINs and any lock, and tells every channel the card is bound in
 * (`pin.changed`) and the holder, in one transaction.
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { pii } from '../core/pii/crypto.js';
import { hashPin, verifyPin } from '../core/pii/pinHash.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import {
  cardView,
  checkCardPin,
  requirePinRule,
  effectiveStatus,
  getPerson,
  holderCard,
  holderErrors,
  listBindingsOfCard,
  pinSetChange,
  type CardRecord,
  type CardView,
} from '../holder/index.js';
import { holderEventPart } from '../notifications/index.js';
import { cardEventPart } from '../webhooks/index.js';
import { cardsErrors } from './errors.js';

/** The new PIN under the PIN rules (the ID number rule needs the person's number, decrypted here only). */
async function requireAllowedPin(card: CardRecord, newPin: string): Promise<void> {
  const person = await getPerson(card.idHash);
  const idNumber = person ? (await pii()).decrypt('idNumber', person.idNumberEnc) : '';
  requirePinRule(newPin, idNumber, 'newPin');
}

async function writeNewPin(card: CardRecord, newPin: string, at: Date, face?: Parameters<typeof useFace>[0]): Promise<CardView> {
  const bindings = await listBindingsOfCard(card.cardId);
  const pinHash = await hashPin(newPin);
  const refusal = await attemptTransact([
    ['card', pinSetChange(card.cardId, card.version, pinHash, at.toISOString())],
    ['face', face && useFace(face, at, `pin_reset:${card.cardId}`)],
    ['event', cardEventPart('pin.changed', card.cardId, effectiveStatus(card, at), at, bindings)],
    ['notice', holderEventPart('pin_changed', card.cardId, at)],
  ]);
  if (refusal?.refused('face')) throw faceUsedProblem();
  if (refusal) throw holderErrors.problem('concurrent_update');
  const changed: CardRecord = { ...card, pinHash, pinFailures: 0, pinLockedUntil: undefined, pinChangedAt: at.toISOString(), version: card.version + 1 };
  return cardView(changed, at);
}

export async function changePin(session: Session, currentPin: string, newPin: string): Promise<CardView> {
  const { card } = await holderCard(session);
  // A wrong current PIN counts toward the lock like any other use of the PIN.
  await checkCardPin(card, currentPin);
  if (await verifyPin(newPin, card.pinHash)) throw cardsErrors.problem('pin_unchanged', { errors: [{ field: 'newPin', message: 'equals the current PIN' }] });
  await requireAllowedPin(card, newPin);
  // The card as it is now: the PIN check above cleared the counter (no version change).
  const view = await writeNewPin(card, newPin, now());
  logger.info('pin changed', { cardId: card.cardId, channelId: session.channelId });
  return view;
}

export async function resetPin(session: Session, faceVerificationId: string, newPin: string): Promise<CardView> {
  const { card } = await holderCard(session);
  const at = now();
  const face = await requirePassedFace(session, faceVerificationId, 'pin_reset', card.idHash, at);
  await requireAllowedPin(card, newPin);
  const view = await writeNewPin(card, newPin, at, face);
  logger.info('pin reset', { cardId: card.cardId, channelId: session.channelId });
  return view;
}
