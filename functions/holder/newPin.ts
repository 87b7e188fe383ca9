/**
 * A new PIN for a card (a claim, a claim for a relative, a change, a reset) meets the PIN
 * rules for its holder's ID number, or the request is refused naming the field.
 */
import { holderErrors } from './errors.js';
import { checkPin } from './pin.rules.js';

/** Which personal-information notice the holder (or, for a relative's claim, the relative) agreed to. */
export const CONSENT_VERSION = '2026-11';

export function requirePinRule(pin: string, idNumber: string, field: string): void {
  const rule = checkPin(pin, idNumber);
  if (!rule.ok) throw holderErrors.problem('pin_rule_violated', { rule: rule.message }, { errors: [{ field, message: rule.message }] });
}
