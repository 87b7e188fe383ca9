import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { familyErrors } from '../../../functions/family/errors.js';
import {
  chooseFamilyPayer,
  decideFamilyAdd,
  familyAccountPart,
  GUARDIAN_AGE,
  isRelationship,
  MAX_FAMILY_MEMBERS,
  RELATIONSHIPS,
  type FamilyAddFacts,
  type FamilyAddRefusal,
} from '../../../functions/family/family.rules.js';

const base: FamilyAddFacts = {
  helperCardId: 'card_helper',
  relativeCardId: 'card_relative',
  relationship: 'parent',
  relativeBirthDate: '1950-03-01',
  helperBirthDate: '1980-05-10',
  boundCount: 0,
  today: '2026-11-23',
};

describe('family service rules', () => {
  it('an adult relative is added with their own face check', () => {
    expect(decideFamilyAdd(base)).toEqual({ ok: true, needsFace: true });
  });

  it('up to 8 relatives: the 8th is allowed, the 9th refused', () => {
    expect(MAX_FAMILY_MEMBERS).toBe(8);
    expect(decideFamilyAdd({ ...base, boundCount: 7 })).toEqual({ ok: true, needsFace: true });
    expect(decideFamilyAdd({ ...base, boundCount: 8 })).toEqual({ ok: false, reason: 'family_limit_reached' });
    expect(decideFamilyAdd({ ...base, boundCount: 12 })).toEqual({ ok: false, reason: 'family_limit_reached' });
  });

  it('binding oneself is refused, before anything else', () => {
    expect(decideFamilyAdd({ ...base, relativeCardId: 'card_helper', boundCount: 8 })).toEqual({ ok: false, reason: 'family_self' });
  });

  it('a child under 16 is added by a guardian (relationship child) without the face check', () => {
    expect(GUARDIAN_AGE).toBe(16);
    const child = { ...base, relativeBirthDate: '2015-06-01' };
    expect(decideFamilyAdd({ ...child, relationship: 'child' })).toEqual({ ok: true, needsFace: false });
    for (const relationship of ['parent', 'spouse', 'grandparent', 'sibling', 'other'] as const) {
      expect(decideFamilyAdd({ ...child, relationship })).toEqual({ ok: false, reason: 'family_guardian_only' });
    }
  });

  it('a guardian is plausibly a parent: an adult who was at least 14 at the child\'s birth; otherwise family_guardian_age', () => {
    const child = { ...base, relationship: 'child' as const, relativeBirthDate: '2015-06-01' };
    expect(decideFamilyAdd({ ...child, helperBirthDate: '2001-06-01' })).toEqual({ ok: true, needsFace: false });
    expect(decideFamilyAdd({ ...child, helperBirthDate: '2001-06-02' })).toEqual({ ok: false, reason: 'family_guardian_age' });
    // An older sibling of 17 is not a guardian, nor is anyone under 18.
    expect(decideFamilyAdd({ ...child, relativeBirthDate: '2012-01-01', helperBirthDate: '2009-01-01' })).toEqual({ ok: false, reason: 'family_guardian_age' });
    fc.assert(
      fc.property(fc.integer({ min: 1930, max: 2026 }), fc.integer({ min: 2011, max: 2026 }), (helperYear, childYear) => {
        const d = decideFamilyAdd({ ...child, helperBirthDate: `${helperYear}-03-01`, relativeBirthDate: `${childYear}-03-01` });
        const plausible = 2026 - helperYear >= 18 && childYear - helperYear >= 14;
        expect(d).toEqual(plausible ? { ok: true, needsFace: false } : { ok: false, reason: 'family_guardian_age' });
      }),
    );
  });

  it('the 16th birthday is the boundary (counted as a calendar date)', () => {
    const born = '2010-11-23';
    expect(decideFamilyAdd({ ...base, relationship: 'sibling', relativeBirthDate: born, today: '2026-11-22' })).toEqual({
      ok: false,
      reason: 'family_guardian_only',
    });
    expect(decideFamilyAdd({ ...base, relationship: 'sibling', relativeBirthDate: born, today: '2026-11-23' })).toEqual({
      ok: true,
      needsFace: true,
    });
    // An adult child still needs their own face check.
    expect(decideFamilyAdd({ ...base, relationship: 'child', relativeBirthDate: born, today: '2026-11-23' })).toEqual({
      ok: true,
      needsFace: true,
    });
  });

  it('the child limit still applies', () => {
    expect(decideFamilyAdd({ ...base, relationship: 'child', relativeBirthDate: '2015-06-01', boundCount: 8 })).toEqual({
      ok: false,
      reason: 'family_limit_reached',
    });
  });

  it('relationships are a closed list', () => {
    expect(RELATIONSHIPS).toEqual(['parent', 'spouse', 'child', 'grandparent', 'sibling', 'other']);
    for (const r of RELATIONSHIPS) expect(isRelationship(r)).toBe(true);
    expect(isRelationship('friend')).toBe(false);
    expect(isRelationship('')).toBe(false);
  });

  it('every refusal has a catalogued code with a status and a message', () => {
    const refusals: FamilyAddRefusal[] = ['family_self', 'family_limit_reached', 'family_guardian_only', 'family_guardian_age'];
    for (const code of refusals) {
      const problem = familyErrors.problem(code);
      expect(problem.status).toBe(422);
      expect(problem.message.length).toBeGreaterThan(0);
    }
  });
});

describe('family sharing (家庭共济): chooseFamilyPayer', () => {
  const c = (payerCardId: string, balance: number, boundAt = '2026-01-01T00:00:00.000Z') => ({ payerCardId, balance, boundAt });

  it('nothing to pay, or nobody with money: no payer', () => {
    expect(chooseFamilyPayer([c('a', 500)], 0)).toBeUndefined();
    expect(chooseFamilyPayer([], 300)).toBeUndefined();
    expect(chooseFamilyPayer([c('a', 0), c('b', -5)], 300)).toBeUndefined();
  });

  it('the one with the most balance pays, up to the cash part; ties go to the earlier binding', () => {
    expect(chooseFamilyPayer([c('a', 200), c('b', 900)], 300)).toEqual({ payer: c('b', 900), amount: 300 });
    expect(chooseFamilyPayer([c('a', 200)], 300)).toEqual({ payer: c('a', 200), amount: 200 });
    const later = c('a', 700, '2026-05-01T00:00:00.000Z');
    const earlier = c('z', 700, '2026-02-01T00:00:00.000Z');
    expect(chooseFamilyPayer([later, earlier], 100)?.payer).toBe(earlier);
  });

  it('never pays more than the cash or the balance, never below zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 100_000 }), fc.integer({ min: -1000, max: 100_000 }), (cash, balance) => {
        const part = familyAccountPart(cash, balance);
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(Math.max(0, cash));
        expect(part).toBeLessThanOrEqual(Math.max(0, balance));
        expect(part === Math.max(0, cash) || part === Math.max(0, balance)).toBe(true);
      }),
    );
  });
});
