/**
 * Family service (亲情服务) rules. Pure: no clock, no I/O; the store re-checks the limit,
 * duplicates and the face verification atomically when the binding is written.
 *
 * - A helper binds at most 8 relatives' cards, each with a relationship.
 * - Not oneself.
 * - A relative aged 16 or more is added with their own face check (purpose 'family', on
 *   the helper's phone). A child under 16 is added without the child's face, by a guardian:
 *   the relationship must be 'child' (the helper says they are the child's parent), and the
 *   helper must be plausibly a parent: an adult (18+) who was at least 14 when the child
 *   was born. That is a plausibility check, not proof: the register here cannot prove
 *   guardianship; for real it would be checked against the household register (户籍, same
 *   户口簿 and parent–child relation) or the birth certificate via the public security /
 *   civil affairs data-sharing interface.
 */
import { ageOn } from '../holder/idNumber.rules.js';

export const RELATIONSHIPS = ['parent', 'spouse', 'child', 'grandparent', 'sibling', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const MAX_FAMILY_MEMBERS = 8;
/** Under this age a relative is added by a guardian, without their own face check. */
export const GUARDIAN_AGE = 16;
/** A guardian adding a child is an adult … */
export const GUARDIAN_MIN_AGE = 18;
/** … who was at least this old when the child was born. */
export const GUARDIAN_MIN_AGE_AT_BIRTH = 14;

export function isRelationship(value: string): value is Relationship {
  return (RELATIONSHIPS as readonly string[]).includes(value);
}

export type FamilyAddRefusal = 'family_self' | 'family_limit_reached' | 'family_guardian_only' | 'family_guardian_age';

export type FamilyAddDecision =
  | { ok: true; needsFace: boolean }
  | { ok: false; reason: FamilyAddRefusal };

export interface FamilyAddFacts {
  helperCardId: string;
  relativeCardId: string;
  relationship: Relationship;
  relativeBirthDate: string;
  /** The helper's own birth date (from the register). */
  helperBirthDate: string;
  /** Relatives the helper has bound already. */
  boundCount: number;
  today: Date | string;
}

/** Whether a helper may add this relative, and whether the relative's face check is needed. */
export function decideFamilyAdd(f: FamilyAddFacts): FamilyAddDecision {
  if (f.helperCardId === f.relativeCardId) return { ok: false, reason: 'family_self' };
  if (f.boundCount >= MAX_FAMILY_MEMBERS) return { ok: false, reason: 'family_limit_reached' };
  if (ageOn(f.relativeBirthDate, f.today) < GUARDIAN_AGE) {
    // A child: only a guardian adds them, and then without the child's face check.
    if (f.relationship !== 'child') return { ok: false, reason: 'family_guardian_only' };
    const plausibleParent = ageOn(f.helperBirthDate, f.today) >= GUARDIAN_MIN_AGE && ageOn(f.helperBirthDate, f.relativeBirthDate) >= GUARDIAN_MIN_AGE_AT_BIRTH;
    return plausibleParent ? { ok: true, needsFace: false } : { ok: false, reason: 'family_guardian_age' };
  }
  return { ok: true, needsFace: true };
}

/**
 * Family sharing (家庭共济): after the patient's own personal account, one relative's
 * personal account that the relative allowed may pay what is left for cash. One payer per
 * bill (the one with the most balance; ties by the earlier binding) keeps the settlement a
 * single transaction with one extra debit. Only money left is used: never below zero.
 */
export interface SharingCandidate {
  payerCardId: string;
  balance: number;
  boundAt: string;
}

export function chooseFamilyPayer<T extends SharingCandidate>(
  candidates: readonly T[],
  cash: number,
): { payer: T; amount: number } | undefined {
  if (!(cash > 0)) return undefined;
  const usable = candidates.filter((c) => c.balance > 0);
  if (usable.length === 0) return undefined;
  const payer = [...usable].sort((a, b) => b.balance - a.balance || a.boundAt.localeCompare(b.boundAt) || a.payerCardId.localeCompare(b.payerCardId))[0]!;
  return { payer, amount: familyAccountPart(cash, payer.balance) };
}

/** What a relative's account pays of `cash`: as much as its balance allows. */
export function familyAccountPart(cash: number, balance: number): number {
  return Math.max(0, Math.min(cash, balance));
}
