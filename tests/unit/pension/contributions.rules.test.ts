import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contributionOf,
  contributionPage,
  INSURANCE_TYPES,
  insurancesIn,
  monthIndex,
  monthOf,
  resolveRange,
  retirementMonth,
  SELF_PAYER,
  type ContributorProfile,
} from '../../../functions/pension/contributions.rules.js';

const employee: ContributorProfile = { key: 'k-emp', personType: 'employee', insuredSince: '2010-03', birthDate: '1985-06-01', gender: 'male' };
const retiree: ContributorProfile = { key: 'k-ret', personType: 'retiree', insuredSince: '1995-01', birthDate: '1960-04-10', gender: 'male' };
const resident: ContributorProfile = { key: 'k-res', personType: 'resident', insuredSince: '2008-01', birthDate: '1970-01-01', gender: 'female' };
const child: ContributorProfile = { key: 'k-chi', personType: 'child', insuredSince: '2018-05', birthDate: '2018-04-02', gender: 'female' };
const m = monthIndex;

describe('months', () => {
  it('round-trips', () => {
    fc.assert(fc.property(fc.integer({ min: 1900 * 12, max: 2100 * 12 }), (i) => monthIndex(monthOf(i)) === i));
    expect(monthOf(m('2026-01') - 1)).toBe('2025-12');
  });
});

describe('who pays what', () => {
  it('employees pay all five, residents pension + medical, children medical only', () => {
    expect(insurancesIn(employee, m('2020-01')).types).toEqual([...INSURANCE_TYPES]);
    expect(insurancesIn(resident, m('2020-01')).types).toEqual(['pension', 'medical']);
    expect(insurancesIn(child, m('2020-01')).types).toEqual(['medical']);
  });

  it('nothing before insuredSince; retirees nothing after retirement', () => {
    expect(insurancesIn(employee, m('2010-02')).types).toEqual([]);
    expect(insurancesIn(employee, m('2010-03')).types).toHaveLength(5);
    const retired = retirementMonth(retiree);
    expect(monthOf(retired)).toBe('2020-05');
    expect(insurancesIn(retiree, retired - 1).types).toHaveLength(5);
    expect(insurancesIn(retiree, retired).types).toEqual([]);
  });

  it('employee amounts follow the rates; resident ones are paid by the person', () => {
    const r = contributionOf(employee, 'pension', m('2024-06'))!;
    expect(r.employerAmount).toBe(Math.round(r.base * 0.16));
    expect(r.personalAmount).toBe(Math.round(r.base * 0.08));
    expect(r.base % 100).toBe(0);
    expect(r.payer).not.toBe(SELF_PAYER);
    expect(contributionOf(employee, 'work_injury', m('2024-06'))!.personalAmount).toBe(0);
    const res = contributionOf(resident, 'medical', m('2024-06'))!;
    expect(res).toMatchObject({ employerAmount: 0, payer: SELF_PAYER });
    expect(contributionOf(resident, 'unemployment', m('2024-06'))).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(contributionOf(employee, 'medical', m('2023-02'))).toEqual(contributionOf({ ...employee }, 'medical', m('2023-02')));
  });
});

describe('contributionPage', () => {
  it('walks all pages newest first, without duplicates or gaps (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(employee, retiree, resident, child),
        fc.integer({ min: 1, max: 60 }),
        fc.option(fc.constantFrom(...INSURANCE_TYPES), { nil: undefined }),
        fc.integer({ min: m('2005-01'), max: m('2026-10') }),
        fc.integer({ min: 0, max: 119 }),
        (p, limit, type, to, span) => {
          const q = { type, from: to - span, to };
          const all = contributionPage(p, q, 10_000).items;
          const walked = [];
          let after;
          for (let i = 0; i < 1000; i++) {
            const page = contributionPage(p, q, limit, after);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            walked.push(...page.items);
            if (!page.next) break;
            after = page.next;
          }
          expect(walked).toEqual(all);
          for (const r of all) {
            expect(m(r.month)).toBeGreaterThanOrEqual(q.from);
            expect(m(r.month)).toBeLessThanOrEqual(q.to);
            if (type) expect(r.type).toBe(type);
          }
          const keys = all.map((r) => `${r.month}|${r.type}`);
          expect(new Set(keys).size).toBe(keys.length);
          const months = all.map((r) => r.month);
          expect([...months].sort().reverse()).toEqual(months);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('resolveRange', () => {
  const latest = m('2026-10');

  it('defaults to the last 10 years', () => {
    expect(resolveRange({}, latest)).toEqual({ ok: true, from: latest - 119, to: latest });
    expect(resolveRange({ from: '2020-01' }, latest)).toEqual({ ok: true, from: m('2020-01'), to: latest });
    expect(resolveRange({ to: '2020-01' }, latest)).toEqual({ ok: true, from: m('2020-01') - 119, to: m('2020-01') });
  });

  it('refuses from after to, more than 10 years and malformed months, naming the field', () => {
    expect(resolveRange({ from: '2024-05', to: '2024-04' }, latest)).toMatchObject({ ok: false, refusal: { field: 'from' } });
    expect(resolveRange({ from: '2010-01', to: '2020-01' }, latest)).toMatchObject({ ok: false, refusal: { field: 'to' } });
    expect(resolveRange({ from: '2010-02', to: '2020-01' }, latest)).toMatchObject({ ok: true });
    expect(resolveRange({ from: '2024-13' }, latest)).toMatchObject({ ok: false, refusal: { field: 'from' } });
    expect(resolveRange({ to: '24-01' }, latest)).toMatchObject({ ok: false, refusal: { field: 'to' } });
  });
});
