import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addParts, insuranceFullyRefunded, refundAmounts, statusAfterRefund, statusOf, totalOf, ZERO_PARTS } from '../../../functions/bills/bill.rules.js';
import type { RefundableParts } from '../../../functions/bills/bill.store.js';

const PARTS = ['pooledFund', 'personalAccount', 'familyAccount', 'cash'] as const;
const partsArb = fc.record({ pooledFund: fc.nat(100_000), personalAccount: fc.nat(100_000), familyAccount: fc.nat(100_000), cash: fc.nat(100_000) });
const kindArb = fc.constantFrom<'all' | 'cash' | 'insurance'>('all', 'cash', 'insurance');

describe('refunds: properties', () => {
  it('never take back more of a part than is left of it, and only the parts of their kind', () => {
    fc.assert(
      fc.property(partsArb, fc.array(fc.tuple(kindArb, fc.option(partsArb, { nil: undefined })), { maxLength: 12 }), (paid, asks) => {
        let refunded: RefundableParts = { ...ZERO_PARTS };
        for (const [kind, amounts] of asks) {
          const r = refundAmounts(kind, paid, refunded, amounts);
          if (!r.ok) continue;
          for (const p of PARTS) {
            expect(r.amounts[p]).toBeGreaterThanOrEqual(0);
            expect(refunded[p] + r.amounts[p]).toBeLessThanOrEqual(paid[p]);
            if (kind === 'cash' && p !== 'cash') expect(r.amounts[p]).toBe(0);
            if (kind === 'insurance' && p === 'cash') expect(r.amounts[p]).toBe(0);
          }
          expect(totalOf(r.amounts)).toBeGreaterThan(0);
          refunded = addParts(refunded, r.amounts);
        }
        expect(totalOf(refunded)).toBeLessThanOrEqual(totalOf(paid));
      }),
      { numRuns: 300 },
    );
  });

  it('a full refund takes everything left, and then there is nothing to refund', () => {
    fc.assert(
      fc.property(partsArb, (paid) => {
        fc.pre(totalOf(paid) > 0);
        const all = refundAmounts('all', paid, ZERO_PARTS);
        expect(all).toEqual({ ok: true, amounts: paid });
        expect(statusAfterRefund(paid, paid)).toBe('refunded');
        expect(refundAmounts('all', paid, paid)).toEqual({ ok: false, refusal: 'nothing_to_refund' });
        expect(insuranceFullyRefunded(paid, paid)).toBe(true);
      }),
    );
  });

  it('cash then insurance is the same as all', () => {
    fc.assert(
      fc.property(partsArb, (paid) => {
        fc.pre(paid.cash > 0 && paid.pooledFund + paid.personalAccount + paid.familyAccount > 0);
        const cash = refundAmounts('cash', paid, ZERO_PARTS);
        if (!cash.ok) throw new Error('cash refused');
        expect(statusAfterRefund(paid, cash.amounts)).toBe('partially_refunded');
        const insurance = refundAmounts('insurance', paid, cash.amounts);
        if (!insurance.ok) throw new Error('insurance refused');
        expect(addParts(cash.amounts, insurance.amounts)).toEqual(paid);
      }),
    );
  });
});

describe('refunds: refusals', () => {
  const paid = { pooledFund: 1000, personalAccount: 500, familyAccount: 0, cash: 300 };
  it('names the part that is too much or of the wrong kind', () => {
    expect(refundAmounts('cash', paid, ZERO_PARTS, { cash: 301 })).toEqual({ ok: false, refusal: 'refund_exceeds_paid', field: 'amounts.cash' });
    expect(refundAmounts('cash', paid, ZERO_PARTS, { personalAccount: 1 })).toEqual({ ok: false, refusal: 'refund_amounts_kind_mismatch', field: 'amounts.personalAccount' });
    expect(refundAmounts('insurance', paid, ZERO_PARTS, { cash: 1 })).toEqual({ ok: false, refusal: 'refund_amounts_kind_mismatch', field: 'amounts.cash' });
    expect(refundAmounts('all', paid, ZERO_PARTS, { pooledFund: -1 })).toMatchObject({ ok: false, refusal: 'refund_exceeds_paid' });
    expect(refundAmounts('insurance', { ...paid, pooledFund: 0, personalAccount: 0 }, ZERO_PARTS)).toEqual({ ok: false, refusal: 'nothing_to_refund' });
    expect(refundAmounts('all', paid, ZERO_PARTS, { personalAccount: 200 })).toEqual({ ok: true, amounts: { ...ZERO_PARTS, personalAccount: 200 } });
  });

  it('an unpaid bill past its expiry reads as expired, any other status as stored', () => {
    expect(statusOf({ status: 'awaiting_payment', expiresAt: '2026-01-02T00:00:00.000Z' }, '2026-01-02T00:00:00.000Z')).toBe('expired');
    expect(statusOf({ status: 'awaiting_payment', expiresAt: '2026-01-02T00:00:00.000Z' }, '2026-01-01T23:59:59.999Z')).toBe('awaiting_payment');
    expect(statusOf({ status: 'paid', expiresAt: '2026-01-02T00:00:00.000Z' }, '2027-01-01T00:00:00.000Z')).toBe('paid');
  });
});
