import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  balanceOf,
  balanceOfAccount,
  isBalanced,
  postingsForReversal,
  postingsForSettlement,
  sumOf,
  type Posting,
  type SettlementAccounts,
  type SplitAmounts,
} from '../../../functions/settlement/ledger.rules.js';
import { emptyYearState, split, type BillItem } from '../../../functions/settlement/policy.rules.js';
import { policyFor as seedPolicyFor } from '../../../functions/settlement/policies.js';

const ACCOUNTS: SettlementAccounts = { personIdHash: 'h_abc123', regionCode: '320100', institutionId: 'demo-pharmacy' };

const splitArb: fc.Arbitrary<SplitAmounts> = fc
  .tuple(fc.nat({ max: 5_000_000 }), fc.nat({ max: 5_000_000 }), fc.nat({ max: 5_000_000 }))
  .map(([pooledFund, personalAccount, cash]) => ({ total: pooledFund + personalAccount + cash, pooledFund, personalAccount, cash }));

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const accountsArb: fc.Arbitrary<SettlementAccounts> = fc.record({
  personIdHash: fc.constantFrom('h1', 'h2', 'h3'),
  regionCode: fc.constantFrom('320100', '110100'),
  institutionId: fc.constantFrom('demo-pharmacy', 'hospital-1'),
});

describe('postingsForSettlement', () => {
  it('posts a split on the chart of accounts, by hand', () => {
    const postings = postingsForSettlement('s1', { total: 124_690, pooledFund: 67_221, personalAccount: 50_000, cash: 7_469 }, ACCOUNTS);
    expect(postings).toEqual([
      { entry: 'settlement:s1', account: 'fund:320100:pooled', amount: -67_221 },
      { entry: 'settlement:s1', account: 'person:h_abc123:personal', amount: -50_000 },
      { entry: 'settlement:s1', account: 'person:h_abc123:cash', amount: -7_469 },
      { entry: 'settlement:s1', account: 'institution:demo-pharmacy:receivable', amount: 117_221 },
      { entry: 'settlement:s1', account: 'institution:demo-pharmacy:cash', amount: 7_469 },
    ]);
    expect(sumOf(postings)).toBe(0);
  });

  it('leaves out zero amounts', () => {
    const postings = postingsForSettlement('s2', { total: 8_600, pooledFund: 0, personalAccount: 8_600, cash: 0 }, ACCOUNTS);
    expect(postings).toEqual([
      { entry: 'settlement:s2', account: 'person:h_abc123:personal', amount: -8_600 },
      { entry: 'settlement:s2', account: 'institution:demo-pharmacy:receivable', amount: 8_600 },
    ]);
  });

  it("posts a family part (家庭共济) on the paying relative's personal account", () => {
    const split = { total: 10_000, pooledFund: 2_000, personalAccount: 3_000, familyAccount: 4_000, cash: 1_000 };
    const postings = postingsForSettlement('s3', split, { ...ACCOUNTS, familyPayerIdHash: 'h_payer' });
    expect(postings).toEqual([
      { entry: 'settlement:s3', account: 'fund:320100:pooled', amount: -2_000 },
      { entry: 'settlement:s3', account: 'person:h_abc123:personal', amount: -3_000 },
      { entry: 'settlement:s3', account: 'person:h_payer:personal', amount: -4_000 },
      { entry: 'settlement:s3', account: 'person:h_abc123:cash', amount: -1_000 },
      { entry: 'settlement:s3', account: 'institution:demo-pharmacy:receivable', amount: 9_000 },
      { entry: 'settlement:s3', account: 'institution:demo-pharmacy:cash', amount: 1_000 },
    ]);
    expect(sumOf(postingsForReversal(postings))).toBe(0);
    // A family part needs its payer, and counts towards the total.
    expect(() => postingsForSettlement('s', split, ACCOUNTS)).toThrow(RangeError);
    expect(() => postingsForSettlement('s', { ...split, familyAccount: 4_001 }, { ...ACCOUNTS, familyPayerIdHash: 'h_payer' })).toThrow(RangeError);
  });

  it('always sums to zero, never posts 0, and moves exactly the split', () => {
    fc.assert(
      fc.property(idArb, splitArb, (id, s) => {
        const postings = postingsForSettlement(id, s, ACCOUNTS);
        expect(sumOf(postings)).toBe(0);
        expect(isBalanced(postings)).toBe(true);
        expect(postings.every((p) => p.amount !== 0 && Number.isSafeInteger(p.amount) && p.entry === `settlement:${id}`)).toBe(true);
        expect(postings.length).toBeLessThanOrEqual(5);
        const b = balanceOf(postings);
        expect(b['fund:320100:pooled'] ?? 0).toBe(0 - s.pooledFund);
        expect(b['person:h_abc123:personal'] ?? 0).toBe(0 - s.personalAccount);
        expect(b['person:h_abc123:cash'] ?? 0).toBe(0 - s.cash);
        expect((b['institution:demo-pharmacy:receivable'] ?? 0) + (b['institution:demo-pharmacy:cash'] ?? 0)).toBe(s.total);
      }),
    );
  });

  it('posts what the policy engine splits', () => {
    const policy = seedPolicyFor('320100', 2026)!;
    const items: BillItem[] = [
      { code: 'A001', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 2_350 },
      { code: 'B002', name: '布洛芬缓释胶囊', class: 'B', quantity: 1, unitPrice: 3_900 },
      { code: 'C003', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 1_200 },
    ];
    const r = split({ items }, policy, { ...emptyYearState(), deductibleMetThisYear: policy.deductible }, 50_000, 1);
    if (!r.ok) throw new Error('expected ok');
    const postings = postingsForSettlement('s3', r.split, ACCOUNTS);
    expect(sumOf(postings)).toBe(0);
    expect(balanceOfAccount(postings, 'fund:320100:pooled')).toBe(-r.split.pooledFund);
    expect(balanceOfAccount(postings, 'person:h_abc123:personal')).toBe(-r.split.personalAccount);
    expect(r.split.pooledFund).toBeGreaterThan(0);
  });

  it('refuses a split that does not add up, or has negative or fractional parts', () => {
    expect(() => postingsForSettlement('s', { total: 100, pooledFund: 50, personalAccount: 40, cash: 0 }, ACCOUNTS)).toThrow(RangeError);
    expect(() => postingsForSettlement('s', { total: 100, pooledFund: 150, personalAccount: -50, cash: 0 }, ACCOUNTS)).toThrow(RangeError);
    expect(() => postingsForSettlement('s', { total: 100.5, pooledFund: 50.5, personalAccount: 50, cash: 0 }, ACCOUNTS)).toThrow(RangeError);
  });

  it('refuses ids that would break the account names', () => {
    const s = { total: 1, pooledFund: 0, personalAccount: 1, cash: 0 };
    expect(() => postingsForSettlement('s', s, { ...ACCOUNTS, personIdHash: 'a:b' })).toThrow(RangeError);
    expect(() => postingsForSettlement('s', s, { ...ACCOUNTS, institutionId: '' })).toThrow(RangeError);
    expect(() => postingsForSettlement('s:1', s, ACCOUNTS)).toThrow(RangeError);
  });
});

describe('postingsForReversal', () => {
  it('negates every posting under the reversal entry', () => {
    const original = postingsForSettlement('s1', { total: 10_000, pooledFund: 6_000, personalAccount: 3_000, cash: 1_000 }, ACCOUNTS);
    const reversal = postingsForReversal(original);
    expect(reversal).toEqual(original.map((p) => ({ entry: 'reversal:s1', account: p.account, amount: -p.amount })));
    expect(balanceOf([...original, ...reversal])).toEqual({
      'fund:320100:pooled': 0,
      'person:h_abc123:personal': 0,
      'person:h_abc123:cash': 0,
      'institution:demo-pharmacy:receivable': 0,
      'institution:demo-pharmacy:cash': 0,
    });
  });

  it('brings every account back across many settlements, whichever are reversed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ split: splitArb, accounts: accountsArb, reversed: fc.boolean() }), { minLength: 1, maxLength: 20 }),
        (settlements) => {
          const all: Posting[] = [];
          const kept: Posting[] = [];
          settlements.forEach(({ split: s, accounts, reversed }, i) => {
            const postings = postingsForSettlement(`s${i}`, s, accounts);
            all.push(...postings);
            if (reversed && postings.length > 0) all.push(...postingsForReversal(postings));
            else kept.push(...postings);
          });
          expect(sumOf(all)).toBe(0);
          expect(isBalanced(all)).toBe(true);
          // The ledger with reversals has the balances of the settlements that stand.
          const withReversals = balanceOf(all);
          const standing = balanceOf(kept);
          for (const [account, balance] of Object.entries(withReversals)) {
            expect(balance, account).toBe(standing[account] ?? 0);
          }
        },
      ),
    );
  });

  it('refuses to reverse nothing, a reversal, mixed entries or unbalanced postings', () => {
    const original = postingsForSettlement('s1', { total: 100, pooledFund: 0, personalAccount: 100, cash: 0 }, ACCOUNTS);
    const other = postingsForSettlement('s2', { total: 100, pooledFund: 0, personalAccount: 100, cash: 0 }, ACCOUNTS);
    expect(() => postingsForReversal([])).toThrow(RangeError);
    expect(() => postingsForReversal(postingsForReversal(original))).toThrow(RangeError);
    expect(() => postingsForReversal([...original, ...other])).toThrow(RangeError);
    expect(() => postingsForReversal(original.slice(0, 1))).toThrow(RangeError);
  });
});

describe('isBalanced', () => {
  it('checks each entry on its own', () => {
    const a: Posting = { entry: 'settlement:a', account: 'x', amount: 5 };
    const b: Posting = { entry: 'settlement:b', account: 'y', amount: -5 };
    // The sum is zero, but each entry alone is not balanced.
    expect(sumOf([a, b])).toBe(0);
    expect(isBalanced([a, b])).toBe(false);
    expect(isBalanced([a, { ...a, amount: -5 }])).toBe(true);
    expect(isBalanced([])).toBe(true);
  });
});
