/**
 * Family service (亲情服务) words and rules on the phone. Pure: no Taro, dates passed in.
 * `relationship` is how the relative relates to the helper (docs/api-extensions.md).
 */
import { normalizeIdNumber } from '../card/idNumber'

/** How the relative relates to the helper. */
export type Relationship = 'parent' | 'spouse' | 'child' | 'grandparent' | 'sibling' | 'other'

/** The relationships in the order the add form offers them. */
export const RELATIONSHIPS: readonly Relationship[] = ['parent', 'spouse', 'child', 'grandparent', 'sibling', 'other']

export const RELATIONSHIP_TEXT: Record<Relationship, string> = {
  parent: '父母',
  spouse: '配偶',
  child: '子女',
  // 祖父母 / 外祖父母: one word for both sides.
  grandparent: '祖辈',
  sibling: '兄弟姐妹',
  other: '其他',
}

export function relationshipText(r: string | undefined): string {
  return (r && (RELATIONSHIP_TEXT as Record<string, string>)[r]) || '亲属'
}

export function isRelationship(value: unknown): value is Relationship {
  return typeof value === 'string' && (RELATIONSHIPS as readonly string[]).includes(value)
}

/** At most this many relatives per helper (the server enforces it). */
export const MAX_FAMILY_MEMBERS = 8
/** Under this age a child is added by a guardian without their own face check. */
export const GUARDIAN_AGE = 16

/** "父母张*国": a relative as the helper names them. */
export function relativeText(member: { relationship?: string; maskedName: string }): string {
  return `${relationshipText(member.relationship)}${member.maskedName}`
}

/** `relativeText`, or 亲属 while the relative is not known yet. */
export function relativeOrAnyText(member: { relationship?: string; maskedName: string } | undefined): string {
  return member ? relativeText(member) : '亲属'
}

/** "为父母张*出示": the banner of a relative's code. */
export function presentForText(member: { relationship?: string; maskedName: string } | undefined): string {
  return `为${relativeOrAnyText(member)}出示`
}

/** "为亲属 张*（父母）支付": whom a bill presented with a relative's code is for. */
export function patientText(patient: { relationship?: string; maskedName: string }): string {
  return patient.relationship ? `为亲属 ${patient.maskedName}（${relationshipText(patient.relationship)}）支付` : `为亲属 ${patient.maskedName} 支付`
}

/** Today's date in China (YYYY-MM-DD), for ages. */
export function chinaToday(now: number): string {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

/**
 * Full years of age on `today` (YYYY-MM-DD) of the person with this ID number, or
 * undefined when the number has no readable birth date. Someone born on 29 February
 * turns a year older on 1 March in common years.
 */
export function ageFromIdNumber(idNumber: string, today: string): number | undefined {
  const id = normalizeIdNumber(idNumber)
  if (!/^\d{17}[\dX]$/.test(id) || !/^\d{4}-\d{2}-\d{2}$/.test(today)) return undefined
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined
  const ty = Number(today.slice(0, 4))
  const tm = Number(today.slice(5, 7))
  const td = Number(today.slice(8, 10))
  let age = ty - y
  if (tm < m || (tm === m && td < d)) age--
  return age >= 0 ? age : undefined
}

/**
 * Whether the add form offers adding without the relative's face: a child under 16
 * added by a parent. Only a hint for the form: the server decides (and answers 422
 * face_verification_required when it disagrees).
 */
export function guardianMayAddWithoutFace(relationship: Relationship | undefined, idNumber: string, today: string): boolean {
  if (relationship !== 'child') return false
  const age = ageFromIdNumber(idNumber, today)
  return age !== undefined && age < GUARDIAN_AGE
}
