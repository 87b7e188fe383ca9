/**
 * The one PIN check every use of the card PIN goes through (claiming into another channel,
 * confirming a bill, loss reports, family sharing, logins …): 5 wrong PINs in a row lock the
 * PIN for 24 hours. A locked PIN is answered 423 before anything is compared. Each check
 * first takes an attempt with one conditional update (card.store reservePinAttempt), so
 * however many guesses arrive at once, no more than 5 are ever compared; the attempt that
 * makes it 5 sets the lock and leaves the count at zero.
 */
import { now } from '../core/clock.js';
import { verifyPin } from '../core/pii/pinHash.js';
import { clearPinFailures, lockPin, reservePinAttempt, type CardRecord } from './card.store.js';
import { holderErrors } from './errors.js';

export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 24 * 3600_000;

/** Carries the way out: a locked (or forgotten) PIN is reset with a face check. */
export const PIN_RESET_PATH = '/v1/cards/me/pin-reset';
const pinLocked = (until: string) => holderErrors.problem('pin_locked', { extensions: { lockedUntil: until, resetPath: PIN_RESET_PATH } });

export async function checkCardPin(card: CardRecord, pin: string): Promise<void> {
  const at = now();
  const nowIso = at.toISOString();
  const lockedFor = () => new Date(at.getTime() + PIN_LOCK_MS).toISOString();
  if (card.pinLockedUntil && card.pinLockedUntil > nowIso) throw pinLocked(card.pinLockedUntil);
  const attempt = await reservePinAttempt(card.cardId, MAX_PIN_FAILURES, nowIso, card.pinHash);
  // The PIN was changed or reset since the card was read: this guess was at the old one.
  if (!attempt.ok && attempt.pinChanged) throw holderErrors.problem('concurrent_update');
  // Locked meanwhile, or the last attempts are being compared right now: nothing is compared.
  if (!attempt.ok) throw pinLocked(attempt.lockedUntil ?? lockedFor());
  if (await verifyPin(pin, card.pinHash)) {
    if (!(await clearPinFailures(card.cardId, card.pinHash))) throw holderErrors.problem('concurrent_update');
    return;
  }
  if (attempt.failures >= MAX_PIN_FAILURES) {
    const until = lockedFor();
    if (!(await lockPin(card.cardId, until, card.pinHash))) throw holderErrors.problem('concurrent_update');
    throw pinLocked(until);
  }
  const attemptsLeft = MAX_PIN_FAILURES - attempt.failures;
  throw holderErrors.problem('wrong_pin', { attemptsLeft }, {
    errors: [{ field: 'pin', message: 'wrong PIN' }],
    extensions: { attemptsLeft },
  });
}
