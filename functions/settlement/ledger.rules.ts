/**
 * Double-entry postings of medical settlements, as pure data.
 *
 * Every money movement is an entry: a set of postings, each a signed amount (fen) on one
 * account, that sums to zero. Postings are immutable; a mistake or a reversal (冲正) is a
 * new entry with the opposite postings, never an edit.
 *
 * Sign convention: a positive amount is value coming into the account (a debit in asset
 * terms), a negative amount is value leaving it. An account's ledger balance is the sum
 * of its postings; for the personal account that is the movement since its opening
 * balance (stored balance = opening balance + ledger balance).
 *
 * Chart of accounts (`:` separates the parts, so no part may contain one):
 *
 *   fund:<regionCode>:pooled           the region's pooled fund (统筹基金); pays out (−)
 *   person:<idHash>:personal           the person's medical personal account (个人账户); pays out (−)
 *   person:<idHash>:cash               the person's own money paid at the counter (现金); pays out (−)
 *   institution:<id>:receivable        what the insurance side owes the institution for
 *                                      the fund and personal-account parts; cleared when
 *                                      the institution is paid after reconciliation (+)
 *   institution:<id>:cash              cash the institution collected at the counter (+)
 *
 * A settlement of split {total, pooledFund, personalAccount, cash} is the entry
 * `settlement:<settlementId>`:
 *
 *   fund:<region>:pooled             −pooledFund
 *   person:<idHash>:personal         −personalAccount
 *   person:<idHash>:cash             −cash
 *   institution:<id>:receivable      +(pooledFund + personalAccount)
 *   institution:<id>:cash            +cash
 *
 * With family sharing (家庭共济) a relative's personal account pays `familyAccount`:
 *
 *   person:<payerIdHash>:personal    −familyAccount
 *   institution:<id>:receivable      +(pooledFund + personalAccount + familyAccount)
 *
 * Zero amounts are left out, so an entry has at most six postings (a DynamoDB
 * transaction has room for them next to the settlement, the account and the accumulators).
 * Its reversal is the entry `reversal:<settlementId>` with every amount negated.
 *
 * A bill the holder pays in the app is settled the same way (`settlement:<billId>`; its cash
 * went through the payment provider to the institution). Its refunds are the entries
 * `refund:<refundId>-insurance` and `refund:<refundId>-cash`: the refunded parts, negated.
 */

export interface Posting {
  /** The entry this posting belongs to: `settlement:<id>` or `reversal:<id>`. */
  entry: string;
  account: string;
  /** Signed fen: + into the account, − out of it. Never 0. */
  amount: number;
}

export interface SettlementAccounts {
  /** The keyed hash of the person's ID number (the person's key). */
  personIdHash: string;
  /** The region whose pooled fund pays (the person's insuring region). */
  regionCode: string;
  institutionId: string;
  /** The relative whose personal account pays `familyAccount` (family sharing). */
  familyPayerIdHash?: string;
}

export interface SplitAmounts {
  total: number;
  pooledFund: number;
  personalAccount: number;
  /** Paid from a relative's personal account (家庭共济); 0 or absent when unused. */
  familyAccount?: number;
  cash: number;
}

const SETTLEMENT_PREFIX = 'settlement:';
const REVERSAL_PREFIX = 'reversal:';
const REFUND_PREFIX = 'refund:';

function part(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes(':') || /\s/.test(value)) {
    throw new RangeError(`${what} must be a non-empty string without ':' or whitespace`);
  }
  return value;
}

export const pooledFundAccount = (regionCode: string): string => `fund:${part(regionCode, 'regionCode')}:pooled`;
export const personalAccountOf = (idHash: string): string => `person:${part(idHash, 'personIdHash')}:personal`;
export const personCashAccount = (idHash: string): string => `person:${part(idHash, 'personIdHash')}:cash`;
export const institutionReceivableAccount = (id: string): string => `institution:${part(id, 'institutionId')}:receivable`;
export const institutionCashAccount = (id: string): string => `institution:${part(id, 'institutionId')}:cash`;

export const settlementEntry = (settlementId: string): string => SETTLEMENT_PREFIX + part(settlementId, 'settlementId');
export const reversalEntry = (settlementId: string): string => REVERSAL_PREFIX + part(settlementId, 'settlementId');
/** A refund of a paid bill has up to two entries: its insurance parts, then its cash part once the provider refunded it. */
export const refundEntry = (refundId: string, which: 'insurance' | 'cash'): string => `${REFUND_PREFIX}${part(refundId, 'refundId')}-${which}`;

function isFen(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * The postings of a settlement. Throws a RangeError on a split whose parts are not
 * non-negative integers summing to its total.
 */
export function postingsForSettlement(settlementId: string, split: SplitAmounts, accounts: SettlementAccounts): Posting[] {
  const { total, pooledFund, personalAccount, cash } = split;
  const familyAccount = split.familyAccount ?? 0;
  if (
    ![total, pooledFund, personalAccount, familyAccount, cash].every(isFen) ||
    pooledFund + personalAccount + familyAccount + cash !== total
  ) {
    throw new RangeError('split parts must be non-negative integers that sum to the total');
  }
  if (familyAccount > 0 && !accounts.familyPayerIdHash) throw new RangeError('a family account part needs its payer');
  const entry = settlementEntry(settlementId);
  const lines: [string, number][] = [
    [pooledFundAccount(accounts.regionCode), -pooledFund],
    [personalAccountOf(accounts.personIdHash), -personalAccount],
    ...(familyAccount > 0 ? [[personalAccountOf(accounts.familyPayerIdHash!), -familyAccount] as [string, number]] : []),
    [personCashAccount(accounts.personIdHash), -cash],
    [institutionReceivableAccount(accounts.institutionId), pooledFund + personalAccount + familyAccount],
    [institutionCashAccount(accounts.institutionId), cash],
  ];
  return lines.filter(([, amount]) => amount !== 0).map(([account, amount]) => ({ entry, account, amount }));
}

/**
 * The postings that undo a settlement's postings: the same accounts, amounts negated,
 * under the entry `reversal:<settlementId>`. Throws a RangeError unless `original` is the
 * postings of one settlement entry (a reversal is never itself reversed).
 */
export function postingsForReversal(original: readonly Posting[]): Posting[] {
  const first = original[0];
  if (!first) throw new RangeError('nothing to reverse');
  const entry = first.entry;
  if (typeof entry !== 'string' || !entry.startsWith(SETTLEMENT_PREFIX)) {
    throw new RangeError('only the postings of a settlement entry can be reversed');
  }
  if (original.some((p) => p.entry !== entry)) throw new RangeError('postings of more than one entry');
  if (sumOf(original) !== 0) throw new RangeError('the original postings do not balance');
  const reversal = reversalEntry(entry.slice(SETTLEMENT_PREFIX.length));
  return original.map((p) => ({ entry: reversal, account: p.account, amount: 0 - p.amount }));
}

/**
 * The postings of (part of) a refund of a paid bill: the postings a payment of `amounts`
 * would have, negated, under the refund's entry. A refund's parts never exceed what was paid
 * (the caller's check); here they must be non-negative and sum to their total.
 */
export function postingsForRefund(entry: string, amounts: SplitAmounts, accounts: SettlementAccounts): Posting[] {
  if (typeof entry !== 'string' || !entry.startsWith(REFUND_PREFIX)) throw new RangeError('a refund entry starts with refund:');
  return postingsForSettlement('refund', amounts, accounts).map((p) => ({ entry, account: p.account, amount: 0 - p.amount }));
}

/** Σ of the amounts; 0 for any well-formed set of entries. */
export function sumOf(postings: readonly Posting[]): number {
  let sum = 0;
  for (const p of postings) sum += p.amount;
  return sum;
}

/** True when every entry among the postings sums to zero on its own. */
export function isBalanced(postings: readonly Posting[]): boolean {
  const byEntry = new Map<string, number>();
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amount)) return false;
    byEntry.set(p.entry, (byEntry.get(p.entry) ?? 0) + p.amount);
  }
  return [...byEntry.values()].every((s) => s === 0);
}

/** The balance of every account the postings touch (0 included, e.g. after a reversal). */
export function balanceOf(postings: readonly Posting[]): Record<string, number> {
  const balances: Record<string, number> = {};
  for (const p of postings) balances[p.account] = (balances[p.account] ?? 0) + p.amount;
  return balances;
}

/** The balance of one account. */
export function balanceOfAccount(postings: readonly Posting[], account: string): number {
  let sum = 0;
  for (const p of postings) if (p.account === account) sum += p.amount;
  return sum;
}
