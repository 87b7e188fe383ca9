/**
 * A new PIN for a card (a claim, a claim for a relative, a change, a reset) meets the PIN
 * rules for its holder's ID number, or the request is refused naming the field.
 */
import { holderErrors } from './errors.js';
import { checkPin } from './pin.rules.js';

export function requirePinRule(pin: string, idNumber: string, field: string): void {
  const rule = checkPin(pin, idNumber);
  if (!rule.ok) throw holderErrors.problem('pin_rule_violated', { rule: rule.message }, { errors: [{ field, message: rule.message }] });
}
