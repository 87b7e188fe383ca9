/** The card PIN: change it with the current one, or reset it by face (issue 12 contract, "PIN"). */
import { ApiError, errorCode, errorMessage, request } from '../../shared/api/client'
import type { Card } from '../card/api'
import { pinRefusal, type PinRefusal } from './pinEntry'

/**
 * `PUT /v1/cards/me/pin`. Refusals: wrong_pin 422 (`attemptsLeft`; counts toward the
 * lock), pin_locked 423, pin_rule_violated 422, pin_unchanged 422.
 */
export async function changePin(currentPin: string, newPin: string): Promise<Card | undefined> {
  const res = await request<{ card?: Card } | null>('PUT', '/v1/cards/me/pin', { currentPin, newPin })
  return res?.card
}

/**
 * `POST /v1/cards/me/pin-reset` with a passed, unused, fresh face check of purpose
 * `pin_reset`. Refusals: the face errors (face_purpose_mismatch, face_not_passed,
 * face_expired, face_person_mismatch, face_used), pin_rule_violated.
 */
export async function resetPin(faceVerificationId: string, newPin: string): Promise<Card | undefined> {
  const res = await request<{ card?: Card } | null>('POST', '/v1/cards/me/pin-reset', { faceVerificationId, newPin })
  return res?.card
}

/** A refusal of the change or the reset: where it sends the holder (`pinRefusal`) and its zh-CN words. */
export function newPinRefusal(err: unknown): { where: PinRefusal; message: string } {
  const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
  return { where: pinRefusal(errorCode(err), fields), message: errorMessage(err) }
}
