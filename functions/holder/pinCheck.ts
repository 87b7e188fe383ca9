/**
 * Checking a card PIN with a lockout: 5 wrong PINs in a row lock the PIN for 24 hours.
 * The failure count is an atomic counter, so concurrent guesses all count.
 */
import { now } from '../core/clock.js';
import { verifyPin } from '../core/pii/pinHash.js';
import { addPinFailure, lockPin, resetPinFailures, type CardRecord } from './card.store.js';
import { holderErrors } from './errors.js';

export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 24 * 3600_000;

const pinLocked = (until: string) => holderErrors.problem('pin_locked', { extensions: { lockedUntil: until } });

export async function checkCardPin(card: CardRecord, pin: string): Promise<void> {
  const at = now();
  if (card.pinLockedUntil && card.pinLockedUntil > at.toISOString()) throw pinLocked(card.pinLockedUntil);
  if (await verifyPin(pin, card.pinHash)) {
    if (card.pinFailures > 0) await resetPinFailures(card.cardId);
    return;
  }
  const failures = (await addPinFailure(card.cardId)) ?? MAX_PIN_FAILURES;
  if (failures >= MAX_PIN_FAILURES) {
    const until = new Date(at.getTime() + PIN_LOCK_MS).toISOString();
    await lockPin(card.cardId, until);
    throw pinLocked(until);
  }
  const attemptsLeft = MAX_PIN_FAILURES - failures;
  throw holderErrors.problem('wrong_pin', { attemptsLeft }, {
    errors: [{ field: 'pin', message: 'wrong PIN' }],
    extensions: { attemptsLeft },
  });
}
