/**
 * Card PIN rules, checked on the phone for early feedback: the server's own rules
 * (functions/holder/pin.rules.ts, imported as they are); the server checks again.
 */
import { checkPin, PIN_LENGTH, PIN_RULES } from '../../../functions/holder/pin.rules'

export { PIN_LENGTH, PIN_RULES }

/** A zh-CN problem with the PIN, or undefined when the server will take it. */
export function pinProblem(pin: string, idNumber?: string): string | undefined {
  const check = checkPin(pin, idNumber ?? '')
  return check.ok ? undefined : check.message
}
