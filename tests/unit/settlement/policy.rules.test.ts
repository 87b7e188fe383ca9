import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BP, MAX_BILL_TOTAL_FEN, emptyYearState, policyYearOf, reimbursementRatioBp, split, validateBill, type BillItem, type InstitutionLevel, type PolicyYearState, type RegionPolicy, type Split } from '../../../functions/settlement/policy.rules.js';
import { POLICY_TIERS as SEED_POLICY_TIERS, policiesOf as seedPolicies, policyFor as seedPolicyFor } from '../../../functions/settlement/policies.js';
import { REGIONS } from '../../../scripts/seed/people.js';

/** A hand-made policy for the worked examples: ¥500 deductible, ¥10,000 cap, B 10 %, 90/85/80 %. */
const P: RegionPolicy = {
  regionCode: '320100',
  year: 2026,
  deductible: 50_000,
  annualCap: 1_000_000,
  classBSelfPayBp: 1_000,
  reimbursementBp: { 1: 9_000, 2: 8_500, 3: 8_000 },
  retireeBonusBp: 500,
  outOfArea: { filedRatioCutBp: 0, unfiledRatioCutBp: 2_000 },
};

const item = (cls: 'A' | 'B' | 'C', quantity: number, unitPrice: number, code = `X-${cls}`): BillItem => ({
  code,
  name: `item ${code}`,
  class: cls,
  quantity,
  unitPrice,
});

function ok(result: ReturnType<typeof split>): Split {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.split;
}

// ---------------------------------------------------------------------------
// Arbitraries

const levelArb = fc.constantFrom<InstitutionLevel>(1, 2, 3);
const bpArb = fc.integer({ min: 0, max: BP });

const policyArb: fc.Arbitrary<RegionPolicy> = fc.record({
  regionCode: fc.constant('320100'),
  year: fc.constant(2026),
  deductible: fc.integer({ min: 0, max: 300_000 }),
  annualCap: fc.integer({ min: 0, max: 2_000_000 }),
  classBSelfPayBp: bpArb,
  reimbursementBp: fc.record({ 1: bpArb, 2: bpArb, 3: bpArb }),
  retireeBonusBp: fc.integer({ min: 0, max: 2_000 }),
  outOfArea: fc
    .tuple(bpArb, bpArb)
    .map(([a, b]) => ({ filedRatioCutBp: Math.min(a, b), unfiledRatioCutBp: Math.max(a, b) })),
});

const itemArb: fc.Arbitrary<BillItem> = fc.record({
  code: fc.stringMatching(/^[A-Z0-9]{1,12}$/),
  name: fc.constantFrom('阿莫西林胶囊', '布洛芬缓释胶囊', '门诊诊查费', '血常规', '维生素C片'),
  class: fc.constantFrom<'A' | 'B' | 'C'>('A', 'B', 'C'),
  quantity: fc.integer({ min: 1, max: 20 }),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 200_000 })),
});

const billArb = fc
  .array(itemArb, { minLength: 1, maxLength: 8 })
  .filter((items) => {
    const total = items.reduce((s, i) => s + i.quantity * i.unitPrice, 0);
    return total > 0 && total <= MAX_BILL_TOTAL_FEN;
  })
  .map((items) => ({ items }));

const stateArb = (policy: RegionPolicy): fc.Arbitrary<PolicyYearState> =>
  fc.record({
    pooledPaidThisYear: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: policy.annualCap + 10_000 })),
    deductibleMetThisYear: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: policy.deductible })),
  });

const balanceArb = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 5_000_000 }));

const caseArb = policyArb.chain((policy) =>
  fc.record({
    policy: fc.constant(policy),
    bill: billArb,
    state: stateArb(policy),
    balance: balanceArb,
    level: levelArb,
    retiree: fc.boolean(),
  }),
);

// ---------------------------------------------------------------------------

describe('split: properties', () => {
  it('the parts are non-negative integers that sum exactly to the total', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, bill, state, balance, level, retiree }) => {
        const s = ok(split(bill, policy, state, balance, level, { retiree }));
        const expectedTotal = bill.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);
        expect(s.total).toBe(expectedTotal);
        for (const v of [s.pooledFund, s.personalAccount, s.cash, ...Object.values(s.breakdown)]) {
          expect(Number.isSafeInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(s.pooledFund + s.personalAccount + s.cash).toBe(s.total);
        const b = s.breakdown;
        expect(b.classA + b.classB + b.classC).toBe(s.total);
        expect(b.eligible + b.classBSelfPay).toBe(b.classA + b.classB);
        // eligible = deductible + (fund by ratio = pooled + over cap) + coinsurance
        expect(b.deductibleApplied + s.pooledFund + b.overCap + b.coinsurance).toBe(b.eligible);
        expect(b.selfPay).toBe(s.total - s.pooledFund);
      }),
      { numRuns: 500 },
    );
  });

  it('the personal account never pays more than its balance, and cash only what it cannot', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, bill, state, balance, level }) => {
        const s = ok(split(bill, policy, state, balance, level));
        expect(s.personalAccount).toBeLessThanOrEqual(balance);
        // Cash is paid only once the account is exhausted.
        if (s.cash > 0) expect(s.personalAccount).toBe(balance);
      }),
      { numRuns: 300 },
    );
  });

  it('the pooled fund never exceeds the remaining cap nor the ratio of what is above the deductible', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, bill, state, balance, level, retiree }) => {
        const s = ok(split(bill, policy, state, balance, level, { retiree }));
        expect(s.pooledFund).toBeLessThanOrEqual(Math.max(0, policy.annualCap - state.pooledPaidThisYear));
        const ratio = reimbursementRatioBp(policy, level, retiree);
        const above = s.breakdown.eligible - s.breakdown.deductibleApplied;
        // Never more than policy: pooledFund × 10000 ≤ above × ratio.
        expect(s.pooledFund * BP).toBeLessThanOrEqual(above * ratio);
        expect(s.breakdown.deductibleApplied).toBeLessThanOrEqual(Math.max(0, policy.deductible - state.deductibleMetThisYear));
        // Class C never reaches the fund.
        expect(s.pooledFund).toBeLessThanOrEqual(s.breakdown.classA + s.breakdown.classB);
      }),
      { numRuns: 300 },
    );
  });

  it('the next state adds exactly this bill to the accumulators', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, bill, state, balance, level }) => {
        const s = ok(split(bill, policy, state, balance, level));
        expect(s.nextState).toEqual({
          pooledPaidThisYear: state.pooledPaidThisYear + s.pooledFund,
          deductibleMetThisYear: state.deductibleMetThisYear + s.breakdown.deductibleApplied,
        });
      }),
    );
  });

  it('across a sequence of bills in one year the deductible is met once and the cap holds', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(fc.record({ bill: billArb, level: levelArb, balance: balanceArb }), { minLength: 1, maxLength: 15 }),
        (policy, bills) => {
          let state = emptyYearState();
          let deductibleTotal = 0;
          let pooledTotal = 0;
          let eligibleTotal = 0;
          let deductibleReached = false;
          for (const { bill, level, balance } of bills) {
            const s = ok(split(bill, policy, state, balance, level));
            if (deductibleReached) expect(s.breakdown.deductibleApplied).toBe(0);
            deductibleTotal += s.breakdown.deductibleApplied;
            pooledTotal += s.pooledFund;
            eligibleTotal += s.breakdown.eligible;
            // The fund pays nothing while the deductible is not met.
            if (deductibleTotal < policy.deductible) expect(s.pooledFund).toBe(0);
            deductibleReached = deductibleTotal === policy.deductible;
            state = s.nextState;
          }
          expect(deductibleTotal).toBe(Math.min(policy.deductible, eligibleTotal));
          expect(pooledTotal).toBeLessThanOrEqual(policy.annualCap);
          expect(state).toEqual({ pooledPaidThisYear: pooledTotal, deductibleMetThisYear: deductibleTotal });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('more balance moves money from cash to the personal account, never anywhere else', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 100_000 }), ({ policy, bill, state, balance, level }, extra) => {
        const a = ok(split(bill, policy, state, balance, level));
        const b = ok(split(bill, policy, state, balance + extra, level));
        expect(b.pooledFund).toBe(a.pooledFund);
        expect(b.personalAccount).toBeGreaterThanOrEqual(a.personalAccount);
        expect(b.cash).toBeLessThanOrEqual(a.cash);
        expect(b.nextState).toEqual(a.nextState);
      }),
      { numRuns: 200 },
    );
  });

  it('a retiree never gets less from the fund, and a class C-only bill gets nothing', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, bill, state, balance, level }) => {
        const plain = ok(split(bill, policy, state, balance, level));
        const retiree = ok(split(bill, policy, state, balance, level, { retiree: true }));
        expect(retiree.pooledFund).toBeGreaterThanOrEqual(plain.pooledFund);
        const onlyC = { items: bill.items.map((i) => ({ ...i, class: 'C' as const })) };
        const c = ok(split(onlyC, policy, state, balance, level));
        expect(c.pooledFund).toBe(0);
        expect(c.nextState).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});

describe('split: out-of-area terms (异地就医)', () => {
  const areaArb = fc.constantFrom<'local' | 'filed' | 'unfiled'>('local', 'filed', 'unfiled');

  it('the parts still sum to the total and the ratio is the home ratio less the area cut, never below 0', () => {
    fc.assert(
      fc.property(caseArb, areaArb, ({ policy, bill, state, balance, level, retiree }, area) => {
        const s = ok(split(bill, policy, state, balance, level, { retiree, area }));
        expect(s.pooledFund + s.personalAccount + s.cash).toBe(s.total);
        const cut = area === 'local' ? 0 : area === 'filed' ? policy.outOfArea.filedRatioCutBp : policy.outOfArea.unfiledRatioCutBp;
        expect(s.breakdown.reimbursementBp).toBe(Math.max(0, reimbursementRatioBp(policy, level, retiree) - cut));
        expect(s.breakdown.outOfAreaCutBp).toBe(area === 'local' ? undefined : cut);
      }),
      { numRuns: 300 },
    );
  });

  it('the fund pays at home at least what it pays with a filing, and with one at least what it pays without', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, bill, state, balance, level, retiree }) => {
        const [home, filed, unfiled] = (['local', 'filed', 'unfiled'] as const).map((area) => ok(split(bill, policy, state, balance, level, { retiree, area })));
        expect(home!.pooledFund).toBeGreaterThanOrEqual(filed!.pooledFund);
        expect(filed!.pooledFund).toBeGreaterThanOrEqual(unfiled!.pooledFund);
        // Only the ratio changes: the deductible met and the self-paid shares are the same.
        expect(unfiled!.breakdown.deductibleApplied).toBe(home!.breakdown.deductibleApplied);
        expect(unfiled!.breakdown.eligible).toBe(home!.breakdown.eligible);
      }),
      { numRuns: 300 },
    );
  });

  it('worked example: ¥1,000 of class A at level 1, deductible met: 90 % at home and filed, 70 % unfiled', () => {
    const bill = { items: [item('A', 1, 100_000)] };
    const met = { pooledPaidThisYear: 0, deductibleMetThisYear: P.deductible };
    expect(ok(split(bill, P, met, 0, 1)).pooledFund).toBe(90_000);
    expect(ok(split(bill, P, met, 0, 1, { area: 'filed' })).pooledFund).toBe(90_000);
    const unfiled = ok(split(bill, P, met, 0, 1, { area: 'unfiled' }));
    expect(unfiled.pooledFund).toBe(70_000);
    expect(unfiled.breakdown).toMatchObject({ reimbursementBp: 7_000, outOfAreaCutBp: 2_000 });
    expect(unfiled.cash).toBe(30_000);
  });

  it('a policy whose unfiled cut is below its filed cut is refused, as is an unknown area', () => {
    expect(() => split({ items: [item('A', 1, 100)] }, { ...P, outOfArea: { filedRatioCutBp: 1_000, unfiledRatioCutBp: 500 } }, emptyYearState(), 0, 1)).toThrow(RangeError);
    expect(() => split({ items: [item('A', 1, 100)] }, P, emptyYearState(), 0, 1, { area: 'abroad' as never })).toThrow(RangeError);
  });
});

describe('split: worked examples', () => {
  it('class A, first bill of the year: deductible, then 90 % at level 1, then the account, then cash', () => {
    // 2 × ¥123.45 + 1 × ¥1,000.00 = 124,690 fen, all eligible.
    const s = ok(split({ items: [item('A', 2, 12_345), item('A', 1, 100_000)] }, P, emptyYearState(), 50_000, 1));
    // deductible 50,000; above it 74,690; fund floor(74,690 × 0.9) = 67,221; co-pay 7,469.
    // self-paid 124,690 − 67,221 = 57,469: account 50,000 (its whole balance), cash 7,469.
    expect(s).toEqual({
      total: 124_690,
      pooledFund: 67_221,
      personalAccount: 50_000,
      cash: 7_469,
      breakdown: {
        classA: 124_690,
        classB: 0,
        classBSelfPay: 0,
        classC: 0,
        eligible: 124_690,
        deductibleApplied: 50_000,
        coinsurance: 7_469,
        overCap: 0,
        reimbursementBp: 9_000,
        selfPay: 57_469,
      },
      nextState: { pooledPaidThisYear: 67_221, deductibleMetThisYear: 50_000 },
    });
  });

  it('class B: the 10 % self-pay share is rounded up, the fund share floored (level 3, deductible met)', () => {
    // 3 × 3,333 = 9,999 fen. Eligible floor(9,999 × 0.9) = 8,999, self-pay first 1,000.
    // Fund floor(8,999 × 0.8) = floor(7,199.2) = 7,199. Self-paid 9,999 − 7,199 = 2,800:
    // account 1,000, cash 1,800.
    const state = { pooledPaidThisYear: 0, deductibleMetThisYear: 50_000 };
    const s = ok(split({ items: [item('B', 3, 3_333)] }, P, state, 1_000, 3));
    expect(s).toMatchObject({ total: 9_999, pooledFund: 7_199, personalAccount: 1_000, cash: 1_800 });
    expect(s.breakdown).toMatchObject({ classB: 9_999, classBSelfPay: 1_000, eligible: 8_999, deductibleApplied: 0, coinsurance: 1_800 });
    expect(s.nextState).toEqual({ pooledPaidThisYear: 7_199, deductibleMetThisYear: 50_000 });
  });

  it('class C is self-paid entirely, even with the deductible met', () => {
    const state = { pooledPaidThisYear: 0, deductibleMetThisYear: 50_000 };
    const s = ok(split({ items: [item('C', 4, 2_500)] }, P, state, 3_000, 1));
    expect(s).toMatchObject({ total: 10_000, pooledFund: 0, personalAccount: 3_000, cash: 7_000 });
    expect(s.breakdown).toMatchObject({ classC: 10_000, eligible: 0, deductibleApplied: 0 });
    expect(s.nextState).toEqual(state);
  });

  it('a mixed bill finishing the deductible, at level 2', () => {
    // A 20,000 + B 10,000 + C 5,000 = 35,000. B eligible 9,000, self-pay 1,000.
    // Eligible 29,000; deductible left 50,000 − 45,000 = 5,000; above it 24,000.
    // Fund floor(24,000 × 0.85) = 20,400; co-pay 3,600.
    // Self-paid 35,000 − 20,400 = 14,600 = 5,000 C + 1,000 B + 5,000 deductible + 3,600.
    const state = { pooledPaidThisYear: 0, deductibleMetThisYear: 45_000 };
    const s = ok(split({ items: [item('A', 1, 20_000), item('B', 2, 5_000), item('C', 1, 5_000)] }, P, state, 100_000, 2));
    expect(s).toMatchObject({ total: 35_000, pooledFund: 20_400, personalAccount: 14_600, cash: 0 });
    expect(s.breakdown).toMatchObject({
      classA: 20_000,
      classB: 10_000,
      classBSelfPay: 1_000,
      classC: 5_000,
      eligible: 29_000,
      deductibleApplied: 5_000,
      coinsurance: 3_600,
      overCap: 0,
    });
    expect(s.nextState).toEqual({ pooledPaidThisYear: 20_400, deductibleMetThisYear: 50_000 });
  });

  it('the annual cap stops the fund; the rest is self-paid', () => {
    // A 10,000 at level 2: by ratio 8,500, but only 3,000 of the cap is left.
    const state = { pooledPaidThisYear: P.annualCap - 3_000, deductibleMetThisYear: 50_000 };
    const s = ok(split({ items: [item('A', 1, 10_000), item('C', 1, 5_000)] }, P, state, 0, 2));
    expect(s).toMatchObject({ total: 15_000, pooledFund: 3_000, personalAccount: 0, cash: 12_000 });
    expect(s.breakdown).toMatchObject({ overCap: 5_500, coinsurance: 1_500 });
    expect(s.nextState.pooledPaidThisYear).toBe(P.annualCap);
    // Once the cap is reached, the fund pays nothing more this year.
    const next = ok(split({ items: [item('A', 1, 10_000)] }, P, s.nextState, 0, 1));
    expect(next).toMatchObject({ pooledFund: 0, cash: 10_000 });
    expect(next.breakdown.overCap).toBe(9_000);
  });

  it('a retiree gets the bonus: 80 % + 5 % at level 3', () => {
    const state = { pooledPaidThisYear: 0, deductibleMetThisYear: 50_000 };
    const s = ok(split({ items: [item('A', 1, 10_000)] }, P, state, 0, 3, { retiree: true }));
    expect(s).toMatchObject({ pooledFund: 8_500, cash: 1_500 });
    expect(s.breakdown.reimbursementBp).toBe(8_500);
    // The bonus never takes the ratio above 100 %.
    expect(reimbursementRatioBp({ ...P, reimbursementBp: { 1: 9_800, 2: 9_000, 3: 8_000 } }, 1, true)).toBe(BP);
  });

  it('a holder who pays in cash leaves the personal account untouched', () => {
    const s = ok(split({ items: [item('C', 1, 8_600)] }, P, emptyYearState(), 50_000, 1, { usePersonalAccount: false }));
    expect(s).toMatchObject({ total: 8_600, pooledFund: 0, personalAccount: 0, cash: 8_600 });
  });
});

describe('bill validation', () => {
  const good = item('A', 1, 100);
  const refuse = (bill: unknown) => {
    const r = split(bill, P, emptyYearState(), 0, 1);
    if (r.ok) throw new Error('expected a refusal');
    return r.errors;
  };

  it('refuses an empty bill, a missing item list and a zero total', () => {
    expect(refuse({ items: [] })).toEqual([{ field: 'items', message: expect.any(String) }]);
    expect(refuse({})).toEqual([{ field: 'items', message: expect.any(String) }]);
    expect(refuse(null)).toEqual([{ field: 'items', message: expect.any(String) }]);
    expect(refuse({ items: [item('A', 3, 0)] })).toEqual([{ field: 'items', message: expect.stringContaining('zero') }]);
  });

  it.each([
    ['a negative price', { unitPrice: -1 }, 'items.1.unitPrice'],
    ['a fractional price', { unitPrice: 12.5 }, 'items.1.unitPrice'],
    ['a price as a string', { unitPrice: '100' }, 'items.1.unitPrice'],
    ['an infinite price', { unitPrice: Infinity }, 'items.1.unitPrice'],
    ['NaN as price', { unitPrice: NaN }, 'items.1.unitPrice'],
    ['an absurd price', { unitPrice: MAX_BILL_TOTAL_FEN + 1 }, 'items.1.unitPrice'],
    ['a zero quantity', { quantity: 0 }, 'items.1.quantity'],
    ['a negative quantity', { quantity: -2 }, 'items.1.quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'items.1.quantity'],
    ['an absurd quantity', { quantity: 1e9 }, 'items.1.quantity'],
    ['an unknown class', { class: 'D' }, 'items.1.class'],
    ['a lowercase class', { class: 'a' }, 'items.1.class'],
    ['an empty code', { code: ' ' }, 'items.1.code'],
    ['a missing name', { name: undefined }, 'items.1.name'],
  ])('refuses %s with the field path', (_what, patch, field) => {
    expect(refuse({ items: [good, { ...good, ...patch }] })).toEqual([{ field, message: expect.any(String) }]);
  });

  it('lists every error, not only the first', () => {
    const errors = refuse({ items: [{ ...good, unitPrice: -5, class: 'Z' }, good, 'nope'] });
    expect(errors.map((e) => e.field)).toEqual(['items.0.class', 'items.0.unitPrice', 'items.2']);
  });

  it('refuses a bill whose total is above 10,000,000 fen, and accepts one exactly at it', () => {
    expect(refuse({ items: [item('A', 2, 5_000_000), item('C', 1, 1)] })).toEqual([
      { field: 'items', message: expect.stringContaining('above') },
    ]);
    expect(refuse({ items: [item('A', 3, 5_000_000)] })).toEqual([{ field: 'items.0', message: expect.any(String) }]);
    const r = split({ items: [item('A', 2, 5_000_000)] }, P, emptyYearState(), 0, 1);
    expect(r.ok && r.split.total).toBe(MAX_BILL_TOTAL_FEN);
  });

  it('validateBill returns the clean bill without extra fields', () => {
    const r = validateBill({ items: [{ ...good, extra: 'x' }] });
    expect(r).toEqual({ ok: true, bill: { items: [good] }, total: 100 });
  });

  it('throws on a bad policy, state, balance or level (our data, not user input)', () => {
    const bill = { items: [good] };
    expect(() => split(bill, { ...P, deductible: -1 }, emptyYearState(), 0, 1)).toThrow(RangeError);
    expect(() => split(bill, { ...P, classBSelfPayBp: 10_001 }, emptyYearState(), 0, 1)).toThrow(RangeError);
    expect(() => split(bill, P, { pooledPaidThisYear: 0.5, deductibleMetThisYear: 0 }, 0, 1)).toThrow(RangeError);
    expect(() => split(bill, P, emptyYearState(), -1, 1)).toThrow(RangeError);
    expect(() => split(bill, P, emptyYearState(), 0, 4 as InstitutionLevel)).toThrow(RangeError);
  });
});

describe('seed policies', () => {
  it('every seed region has a well-formed policy, and they differ by tier', () => {
    const policies = seedPolicies(2026);
    expect(policies.map((p) => p.regionCode)).toEqual(REGIONS.map((r) => r.code).sort());
    for (const p of policies) {
      expect(p.year).toBe(2026);
      // A policy that split accepts.
      expect(split({ items: [item('A', 1, 100)] }, p, emptyYearState(), 0, 1).ok).toBe(true);
    }
    expect(new Set(policies.map((p) => p.deductible)).size).toBe(Object.keys(SEED_POLICY_TIERS).length);
    expect(seedPolicyFor('320100', 2027)).toMatchObject({ regionCode: '320100', year: 2027, deductible: 50_000 });
    expect(seedPolicyFor('999999', 2026)).toBeUndefined();
    expect(seedPolicyFor('toString', 2026)).toBeUndefined();
  });

  it('is deterministic and hands out copies', () => {
    const a = seedPolicyFor('110100', 2026)!;
    (a.reimbursementBp as Record<number, number>)[1] = 1;
    expect(seedPolicyFor('110100', 2026)!.reimbursementBp[1]).toBe(9_000);
    expect(seedPolicies(2026)).toEqual(seedPolicies(2026));
  });

  it('the policy year is the calendar year in China time', () => {
    expect(policyYearOf(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(policyYearOf(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});
