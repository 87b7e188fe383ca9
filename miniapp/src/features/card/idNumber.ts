/**
 * Names and ID numbers as the holder types them: the server's own rules
 * (functions/holder/{idNumber,name}.rules.ts, pure and imported as they are), so the app
 * refuses exactly what the server refuses, with the same words, before a round trip.
 */
import { checkDigit, normalizeIdNumber, validateIdNumber } from '../../../../functions/holder/idNumber.rules'
import { nameProblem } from '../../../../functions/holder/name.rules'

export { nameProblem, normalizeIdNumber }

/** The GB 11643 check character of the first 17 digits. */
export const checkChar = checkDigit

/** A zh-CN problem with the ID number as typed, or undefined when it looks right. */
export function idNumberProblem(raw: string): string | undefined {
  const check = validateIdNumber(raw, new Date())
  return check.ok ? undefined : check.message
}

/**
 * The ID number field's value as the holder types or pastes it: separators (spaces, also
 * full-width) dropped and x made X as they arrive, so `120100 19911204 693x` becomes the 18
 * characters it is instead of being cut at 18 typed characters and then refused.
 */
export function cleanIdNumberInput(raw: string): string {
  return normalizeIdNumber(raw).replace(/[-‐–—]/g, '')
}

/** Room in the field for an ID number typed with separators (18 characters and up to 6 spaces or dashes). */
export const ID_INPUT_MAX = 24
