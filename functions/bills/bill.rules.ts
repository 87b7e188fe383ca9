/**
 * The rules of a pushed bill, pure: its status as read, and what a refund may take back.
 *
 * A refund takes back parts of what was paid: `all` every part still unrefunded, `cash` the
 * cash part, `insurance` the pooled fund, personal account and family parts; with `amounts`,
 * only those (each within its kind and never above what is left of its part). The bill is
 * `refunded` once nothing is left, `partially_refunded` before.
 */
import type { RefundableParts, StoredBillStatus, BillStatus } from './bill.store.js';

export type RefundKind = 'all' | 'cash' | 'insurance';

const INSURANCE_PARTS = ['pooledFund', 'personalAccount', 'familyAccount'] as const;
const PARTS = [...INSURANCE_PARTS, 'cash'] as const;

/** A bill is pushed for this long; unpaid after it, it is expired. */
export const BILL_LIFETIME_MS = 24 * 3_600_000;
/** A cash payment is waited for this long before the order is closed and the held parts released. */
export const PAYMENT_WINDOW_MS = 15 * 60_000;

export function statusOf(bill: { status: StoredBillStatus; expiresAt: string }, nowIso: string): BillStatus {
  return bill.status === 'awaiting_payment' && bill.expiresAt <= nowIso ? 'expired' : bill.status;
}

export const ZERO_PARTS: RefundableParts = Object.freeze({ pooledFund: 0, personalAccount: 0, familyAccount: 0, cash: 0 });

export type RefundRefusal = 'nothing_to_refund' | 'refund_exceeds_paid' | 'refund_amounts_kind_mismatch';

/**
 * What a refund of `kind` (and optional `amounts`) takes back from a bill that paid `paid` and
 * has had `refunded` taken back already.
 */
export function refundAmounts(
  kind: RefundKind,
  paid: RefundableParts,
  refunded: RefundableParts,
  amounts?: Partial<RefundableParts>,
): { ok: true; amounts: RefundableParts } | { ok: false; refusal: RefundRefusal; field?: string } {
  const allowed = new Set<string>(kind === 'all' ? PARTS : kind === 'cash' ? ['cash'] : INSURANCE_PARTS);
  const out: RefundableParts = { ...ZERO_PARTS };
  for (const part of PARTS) {
    const left = paid[part] - refunded[part];
    const asked = amounts?.[part];
    if (asked !== undefined) {
      if (!Number.isSafeInteger(asked) || asked < 0) return { ok: false, refusal: 'refund_exceeds_paid', field: `amounts.${part}` };
      if (asked > 0 && !allowed.has(part)) return { ok: false, refusal: 'refund_amounts_kind_mismatch', field: `amounts.${part}` };
      if (asked > left) return { ok: false, refusal: 'refund_exceeds_paid', field: `amounts.${part}` };
      out[part] = asked;
    } else if (amounts === undefined && allowed.has(part)) {
      out[part] = left;
    }
  }
  if (PARTS.every((p) => out[p] === 0)) return { ok: false, refusal: 'nothing_to_refund' };
  return { ok: true, amounts: out };
}

export function addParts(a: RefundableParts, b: RefundableParts): RefundableParts {
  return { pooledFund: a.pooledFund + b.pooledFund, personalAccount: a.personalAccount + b.personalAccount, familyAccount: a.familyAccount + b.familyAccount, cash: a.cash + b.cash };
}

export function subtractParts(a: RefundableParts, b: RefundableParts): RefundableParts {
  return { pooledFund: a.pooledFund - b.pooledFund, personalAccount: a.personalAccount - b.personalAccount, familyAccount: a.familyAccount - b.familyAccount, cash: a.cash - b.cash };
}

export const insuranceOf = (p: RefundableParts): RefundableParts => ({ ...p, cash: 0 });
export const cashOf = (p: RefundableParts): RefundableParts => ({ ...ZERO_PARTS, cash: p.cash });
export const totalOf = (p: RefundableParts): number => p.pooledFund + p.personalAccount + p.familyAccount + p.cash;

/** The bill's status once `refunded` (in total) has been taken back of `paid`. */
export function statusAfterRefund(paid: RefundableParts, refunded: RefundableParts): 'refunded' | 'partially_refunded' {
  return PARTS.every((p) => refunded[p] >= paid[p]) ? 'refunded' : 'partially_refunded';
}

/** Whether the insurance parts are all taken back (the year's deductible is then given back too). */
export function insuranceFullyRefunded(paid: RefundableParts, refunded: RefundableParts): boolean {
  return INSURANCE_PARTS.every((p) => refunded[p] >= paid[p]);
}
