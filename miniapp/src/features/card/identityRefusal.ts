/**
 * A refusal that is about the name and ID number typed, not about the face: where the
 * holder is sent back to (the identity step) and the words under each field. Pure: no Taro.
 *
 * Starting a face check of purpose claim or family checks the name against the card
 * register first (422 identity_mismatch, field errors on name and idNumber); the claim
 * itself may refuse the same way. The server's field messages are for developers
 * (English), so the holder's words are chosen here.
 */

export interface IdentityFieldErrors {
  name?: string
  idNumber?: string
}

/** The refusals about the identity typed, with the words under each field. */
const IDENTITY_CODES: Record<string, IdentityFieldErrors> = {
  identity_mismatch: {
    name: '姓名与身份证号不匹配，请核对是否与身份证上一致',
    idNumber: '请核对身份证号，或确认已在社保经办机构办理社保卡',
  },
  invalid_id_number: { idNumber: '身份证号码有误，请检查后重新输入' },
  physical_card_lost: { idNumber: '实体社保卡处于挂失状态，请先解除挂失或补领' },
  physical_card_cancelled: { idNumber: '实体社保卡已注销，请先补换卡' },
}

const CJK = /[\u4e00-\u9fff]/

/**
 * The words under the name and ID number fields for a refusal, or undefined when the
 * refusal is not about them (a face problem, the network, …). `errors` are the problem's
 * field errors; a zh-CN field message of the server is used as it is.
 */
export function identityFieldErrors(
  code: string | undefined,
  errors: ReadonlyArray<{ field: string; message: string }>,
): IdentityFieldErrors | undefined {
  const own = (field: 'name' | 'idNumber') => {
    const e = errors.find((x) => x.field === field || x.field.endsWith(`.${field}`))
    return e && CJK.test(e.message) ? e.message : undefined
  }
  const known = code ? IDENTITY_CODES[code] : undefined
  if (known) return { name: known.name, idNumber: own('idNumber') ?? known.idNumber }
  // Other refusals (face_*, family_limit_reached, …) may name a field without it being wrong.
  if (code && code !== 'invalid_request') return undefined
  const named = errors.filter((e) => /(^|\.)(name|idNumber)$/.test(e.field))
  if (named.length === 0) return undefined
  const out: IdentityFieldErrors = {}
  for (const e of named) {
    const field = e.field.endsWith('idNumber') ? 'idNumber' : 'name'
    out[field] = own(field) ?? (field === 'name' ? '请核对姓名' : '请核对身份证号')
  }
  return out
}
