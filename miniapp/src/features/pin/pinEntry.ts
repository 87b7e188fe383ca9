/** Words and checks of the PIN change and reset pages. Pure: no Taro. */

export type NewPinPhase = 'new' | 'confirm'

export const PIN_MISMATCH = '两次输入的新密码不一致，请重新设置'
export const PIN_SAME_AS_CURRENT = '新密码不能与原密码相同'

/** Which step a refusal of a new PIN sends the holder back to. */
export type PinRefusal = 'current' | 'new' | 'locked' | 'face' | 'other'

/**
 * Where a refusal of `PUT /v1/cards/me/pin` or `POST /v1/cards/me/pin-reset` (its
 * `code` and the fields it names) leads: wrong_pin → the current PIN again, pin_locked →
 * the reset by face, a rule or "unchanged" refusal (or a `newPin` field error) → a new
 * PIN, a face refusal → the face check again, anything else (network, 5xx) → stay and
 * retry.
 */
export function pinRefusal(code: string | undefined, fields: readonly string[] = []): PinRefusal {
  const c = code ?? ''
  if (c === 'wrong_pin') return 'current'
  if (c === 'pin_locked') return 'locked'
  if (c.startsWith('face_')) return 'face'
  if (c.startsWith('pin_') || fields.some((f) => /newPin$/.test(f))) return 'new'
  if (fields.some((f) => /currentPin$/.test(f))) return 'current'
  if (fields.some((f) => /faceVerificationId$/.test(f))) return 'face'
  return 'other'
}
