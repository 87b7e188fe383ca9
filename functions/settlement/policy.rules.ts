/**
 * The medical insurance policy engine (医保结算政策): how one itemised bill splits into the
 * pooled fund (统筹基金), the personal medical account (个人账户) and cash.
 *
 * Pure: integer fen in, integer fen out; no clock, no I/O. The yearly accumulators are a
 * parameter (`PolicyYearState`) and the next state is returned, so the caller stores it
 * in the same transaction as the settlement.
 *
 * The rules, in order:
 *   1. total = Σ quantity × unitPrice over the items.
 *   2. Class C (丙类) items are entirely self-paid.
 *      Class B (乙类) items: the region's self-pay share is paid first by the person
 *      (先行自付), the rest is eligible. Class A (甲类) items are fully eligible.
 *   3. The eligible amount first goes against what remains of the yearly deductible
 *      (起付线, per person per year); that part is self-paid.
 *   4. The pooled fund pays the reimbursement ratio (by institution level, plus a retiree
 *      bonus) of the rest, but never more than what remains of the annual cap (封顶线).
 *      Care outside the insuring region (异地就医) takes the region's out-of-area terms: the
 *      ratio less the filed cut with an effective filing (备案), less the larger unfiled cut
 *      without one, never below 0.
 *   5. Everything the fund does not pay is paid by the personal account up to its
 *      balance; the rest is cash.
 *
 * Rates are integer basis points (1 bp = 0.01 %, 10000 bp = 100 %) so no float ever
 * touches money. Rounding always favours the fund staying within policy: the fund's share
 * is floored, the class B self-pay share is rounded up (the eligible part floored). Every
 * part is derived by subtraction from the one before, so the parts sum exactly to the
 * total.
 *
 * The bill is user input: it is validated and refusals come back as a typed result with
 * field paths (`items.0.unitPrice`), never thrown. Policy, state, balance and institution
 * level come from our own storage: a bad one is a programming error and throws a
 * RangeError.
 */
import type { FieldError } from '../core/problem.js';
import type { InstitutionLevel } from '../institutions/index.js';
import { chinaCalendarDate } from '../holder/idNumber.rules.js';

export type ItemClass = 'A' | 'B' | 'C';

/**
 * Institution level (医疗机构等级): 1 = primary / community health centre (一级及以下,
 * designated retail pharmacies settle at this level too), 2 = secondary (二级),
 * 3 = tertiary hospital (三级). Higher levels reimburse less, steering people to
 * primary care as real policies do.
 */
export type { InstitutionLevel };
export const INSTITUTION_LEVELS: readonly InstitutionLevel[] = Object.freeze([1, 2, 3]);

/** 100 % in basis points. */
export const BP = 10_000;

/** Bills above ¥100,000 are refused as absurd for a terminal settlement. */
export const MAX_BILL_TOTAL_FEN = 10_000_000;
export const MAX_BILL_ITEMS = 500;
export const MAX_ITEM_QUANTITY = 100_000;
export const MAX_ITEM_CODE_LENGTH = 64;
export const MAX_ITEM_NAME_LENGTH = 200;

export interface RegionPolicy {
  /** GB/T 2260 code of the insuring region (统筹区). */
  regionCode: string;
  /** Policy year (calendar year, China time). */
  year: number;
  /** 起付线: fen of eligible expenses self-paid first, per person per year. */
  deductible: number;
  /** 封顶线: the most the pooled fund pays for one person in one year, fen. */
  annualCap: number;
  /** Share of class B items the person pays first (先行自付), basis points. */
  classBSelfPayBp: number;
  /** Share of the eligible amount above the deductible the pooled fund pays, by institution level, basis points. */
  reimbursementBp: Readonly<Record<InstitutionLevel, number>>;
  /** Added to the reimbursement ratio for retirees (退休人员), basis points; the sum is capped at 100 %. */
  retireeBonusBp: number;
  /** The out-of-area terms (异地就医): points taken off the ratio, with and without a filing. */
  outOfArea: OutOfAreaTerms;
}

export interface OutOfAreaTerms {
  /** With an effective filing covering the care, basis points off the ratio (often 0). */
  filedRatioCutBp: number;
  /** Without one, basis points off the ratio; at least the filed cut. */
  unfiledRatioCutBp: number;
}

/** Where the care is, as the policy sees it: at home, or out of area with or without a filing. */
export type CareArea = 'local' | 'filed' | 'unfiled';

/** The yearly accumulators of one person under one policy year. */
export interface PolicyYearState {
  /** Fen the pooled fund has paid for this person this year. */
  pooledPaidThisYear: number;
  /** Fen of eligible expenses already counted towards the deductible this year. */
  deductibleMetThisYear: number;
}

export interface BillItem {
  /** The institution's item code (e.g. a drug or service code of the catalogue). */
  code: string;
  name: string;
  class: ItemClass;
  /** A positive integer. */
  quantity: number;
  /** Fen, a non-negative integer. */
  unitPrice: number;
}

export interface Bill {
  items: readonly BillItem[];
}

export interface SplitBreakdown {
  /** Σ of class A lines. */
  classA: number;
  /** Σ of class B lines. */
  classB: number;
  /** The self-pay share of class B paid first (rounded up). */
  classBSelfPay: number;
  /** Σ of class C lines (all self-paid). */
  classC: number;
  /** classA + classB − classBSelfPay. */
  eligible: number;
  /** Part of `eligible` that went against the yearly deductible (self-paid). */
  deductibleApplied: number;
  /** The person's co-payment above the deductible: (eligible − deductibleApplied) − fund share by ratio. */
  coinsurance: number;
  /** What the ratio would have paid but the annual cap did not allow (self-paid). */
  overCap: number;
  /** The ratio applied, basis points (retiree bonus and any out-of-area cut included). */
  reimbursementBp: number;
  /** Out of area: the points the out-of-area terms took off the ratio. */
  outOfAreaCutBp?: number;
  /** Everything the pooled fund does not pay: total − pooledFund = personalAccount + cash. */
  selfPay: number;
}

export interface Split {
  total: number;
  pooledFund: number;
  personalAccount: number;
  cash: number;
  breakdown: SplitBreakdown;
  /** The year state after this bill: store it with the settlement. */
  nextState: PolicyYearState;
}

export type BillValidation = { ok: true; bill: Bill; total: number } | { ok: false; errors: FieldError[] };

export type SplitResult = { ok: true; split: Split } | { ok: false; errors: FieldError[] };

export interface SplitOptions {
  /** The person is a retiree: the policy's retiree bonus is added to the ratio. */
  retiree?: boolean;
  /** False when the holder chooses to pay the self-paid part in cash. Default true. */
  usePersonalAccount?: boolean;
  /** Out of the insuring region, with or without a filing. Default 'local'. */
  area?: CareArea;
}

export function emptyYearState(): PolicyYearState {
  return { pooledPaidThisYear: 0, deductibleMetThisYear: 0 };
}

/** The policy year of an instant: the calendar year in China time (UTC+8). */
export function policyYearOf(instant: Date): number {
  return Number(chinaCalendarDate(instant).slice(0, 4));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Checks a bill as received. Collects every error (not only the first), each with the
 * path of the offending field. A bill whose total is 0 is refused: there is nothing to
 * settle.
 */
export function validateBill(bill: unknown): BillValidation {
  if (!isRecord(bill) || !Array.isArray(bill.items)) {
    return { ok: false, errors: [{ field: 'items', message: 'The bill must have a list of items.' }] };
  }
  const items: unknown[] = bill.items;
  if (items.length === 0) {
    return { ok: false, errors: [{ field: 'items', message: 'The bill has no items.' }] };
  }
  if (items.length > MAX_BILL_ITEMS) {
    return { ok: false, errors: [{ field: 'items', message: `A bill has at most ${MAX_BILL_ITEMS} items.` }] };
  }
  const errors: FieldError[] = [];
  const clean: BillItem[] = [];
  let total = 0;
  items.forEach((item, i) => {
    const at = `items.${i}`;
    if (!isRecord(item)) {
      errors.push({ field: at, message: 'An item must be an object.' });
      return;
    }
    const before = errors.length;
    const { code, name, quantity, unitPrice } = item;
    const cls = item.class;
    if (typeof code !== 'string' || code.trim() === '' || code.length > MAX_ITEM_CODE_LENGTH) {
      errors.push({ field: `${at}.code`, message: `The item code must be 1 to ${MAX_ITEM_CODE_LENGTH} characters.` });
    }
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_ITEM_NAME_LENGTH) {
      errors.push({ field: `${at}.name`, message: `The item name must be 1 to ${MAX_ITEM_NAME_LENGTH} characters.` });
    }
    if (cls !== 'A' && cls !== 'B' && cls !== 'C') {
      errors.push({ field: `${at}.class`, message: 'Unknown item class; expected A, B or C.' });
    }
    if (!isNonNegativeInteger(quantity) || quantity < 1 || quantity > MAX_ITEM_QUANTITY) {
      errors.push({
        field: `${at}.quantity`,
        message: `The quantity must be a whole number from 1 to ${MAX_ITEM_QUANTITY}.`,
      });
    }
    if (!isNonNegativeInteger(unitPrice) || unitPrice > MAX_BILL_TOTAL_FEN) {
      errors.push({
        field: `${at}.unitPrice`,
        message: `The unit price must be a whole number of fen from 0 to ${MAX_BILL_TOTAL_FEN}.`,
      });
    }
    if (errors.length > before) return;
    const q = quantity as number;
    const p = unitPrice as number;
    // q ≤ 1e5 and p ≤ 1e7, so the product stays far below 2^53.
    const line = q * p;
    if (line > MAX_BILL_TOTAL_FEN) {
      errors.push({ field: at, message: `The line total is above the limit of ${MAX_BILL_TOTAL_FEN} fen.` });
      return;
    }
    total += line;
    clean.push({ code: code as string, name: name as string, class: cls as ItemClass, quantity: q, unitPrice: p });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (total > MAX_BILL_TOTAL_FEN) {
    return { ok: false, errors: [{ field: 'items', message: `The bill total is above the limit of ${MAX_BILL_TOTAL_FEN} fen.` }] };
  }
  if (total === 0) {
    return { ok: false, errors: [{ field: 'items', message: 'The bill total is zero; there is nothing to settle.' }] };
  }
  return { ok: true, bill: { items: clean }, total };
}

function assertBp(v: unknown, what: string): void {
  if (!isNonNegativeInteger(v) || v > BP) throw new RangeError(`${what} must be an integer from 0 to ${BP} basis points`);
}

function assertFen(v: unknown, what: string): void {
  if (!isNonNegativeInteger(v)) throw new RangeError(`${what} must be a non-negative integer number of fen`);
}

/** Throws a RangeError unless the policy is well formed. */
export function assertPolicy(policy: RegionPolicy): void {
  if (!isRecord(policy)) throw new RangeError('policy must be an object');
  if (typeof policy.regionCode !== 'string' || !/^\d{6}$/.test(policy.regionCode)) {
    throw new RangeError('policy.regionCode must be 6 digits');
  }
  if (!Number.isInteger(policy.year)) throw new RangeError('policy.year must be an integer');
  assertFen(policy.deductible, 'policy.deductible');
  assertFen(policy.annualCap, 'policy.annualCap');
  assertBp(policy.classBSelfPayBp, 'policy.classBSelfPayBp');
  assertBp(policy.retireeBonusBp, 'policy.retireeBonusBp');
  if (!isRecord(policy.reimbursementBp)) throw new RangeError('policy.reimbursementBp must be an object');
  for (const level of INSTITUTION_LEVELS) {
    assertBp(policy.reimbursementBp[level], `policy.reimbursementBp[${level}]`);
  }
  if (!isRecord(policy.outOfArea)) throw new RangeError('policy.outOfArea must be an object');
  assertBp(policy.outOfArea.filedRatioCutBp, 'policy.outOfArea.filedRatioCutBp');
  assertBp(policy.outOfArea.unfiledRatioCutBp, 'policy.outOfArea.unfiledRatioCutBp');
  if (policy.outOfArea.unfiledRatioCutBp < policy.outOfArea.filedRatioCutBp) {
    throw new RangeError('policy.outOfArea: not filing cannot cost less than filing');
  }
}

/** The points the out-of-area terms take off the ratio for care in `area`. */
export function outOfAreaCutBp(policy: RegionPolicy, area: CareArea = 'local'): number {
  if (area === 'local') return 0;
  return area === 'filed' ? policy.outOfArea.filedRatioCutBp : policy.outOfArea.unfiledRatioCutBp;
}

/** The ratio the pooled fund pays at this level, basis points, retiree bonus included (at most 100 %), less any out-of-area cut (at least 0). */
export function reimbursementRatioBp(policy: RegionPolicy, level: InstitutionLevel, retiree = false, area: CareArea = 'local'): number {
  const base = policy.reimbursementBp[level];
  return Math.max(0, Math.min(BP, base + (retiree ? policy.retireeBonusBp : 0)) - outOfAreaCutBp(policy, area));
}

/** floor(amount × bp / 10000) in exact integer arithmetic (amount × bp ≤ 1e11 < 2^53 here). */
function shareFloor(amount: number, bp: number): number {
  const n = amount * bp;
  return (n - (n % BP)) / BP;
}

/**
 * Splits a bill (as received: it is validated first). See the module comment for the rules. The result's parts are
 * non-negative integers with total = pooledFund + personalAccount + cash,
 * personalAccount ≤ personalAccountBalance and pooledFund ≤ annualCap − pooledPaidThisYear.
 */
export function split(
  bill: unknown,
  policy: RegionPolicy,
  state: PolicyYearState,
  personalAccountBalance: number,
  institutionLevel: InstitutionLevel,
  opts: SplitOptions = {},
): SplitResult {
  assertPolicy(policy);
  if (!isRecord(state)) throw new RangeError('state must be an object');
  assertFen(state.pooledPaidThisYear, 'state.pooledPaidThisYear');
  assertFen(state.deductibleMetThisYear, 'state.deductibleMetThisYear');
  assertFen(personalAccountBalance, 'personalAccountBalance');
  if (!INSTITUTION_LEVELS.includes(institutionLevel)) throw new RangeError('institutionLevel must be 1, 2 or 3');

  const checked = validateBill(bill);
  if (!checked.ok) return checked;

  let classA = 0;
  let classB = 0;
  let classC = 0;
  for (const item of checked.bill.items) {
    const line = item.quantity * item.unitPrice;
    if (item.class === 'A') classA += line;
    else if (item.class === 'B') classB += line;
    else classC += line;
  }
  const total = checked.total;

  // Class B: the eligible part is floored, so the self-pay share is rounded up.
  const classBEligible = shareFloor(classB, BP - policy.classBSelfPayBp);
  const classBSelfPay = classB - classBEligible;
  const eligible = classA + classBEligible;

  const deductibleLeft = Math.max(0, policy.deductible - state.deductibleMetThisYear);
  const deductibleApplied = Math.min(eligible, deductibleLeft);
  const aboveDeductible = eligible - deductibleApplied;

  const area = opts.area ?? 'local';
  if (area !== 'local' && area !== 'filed' && area !== 'unfiled') throw new RangeError('area must be local, filed or unfiled');
  const ratioBp = reimbursementRatioBp(policy, institutionLevel, opts.retiree === true, area);
  const fundByRatio = shareFloor(aboveDeductible, ratioBp);
  const coinsurance = aboveDeductible - fundByRatio;

  const capLeft = Math.max(0, policy.annualCap - state.pooledPaidThisYear);
  const pooledFund = Math.min(fundByRatio, capLeft);
  const overCap = fundByRatio - pooledFund;

  const selfPay = total - pooledFund;
  const personalAccount = opts.usePersonalAccount === false ? 0 : Math.min(selfPay, personalAccountBalance);
  const cash = selfPay - personalAccount;

  return {
    ok: true,
    split: {
      total,
      pooledFund,
      personalAccount,
      cash,
      breakdown: {
        classA,
        classB,
        classBSelfPay,
        classC,
        eligible,
        deductibleApplied,
        coinsurance,
        overCap,
        reimbursementBp: ratioBp,
        ...(area === 'local' ? {} : { outOfAreaCutBp: outOfAreaCutBp(policy, area) }),
        selfPay,
      },
      nextState: {
        pooledPaidThisYear: state.pooledPaidThisYear + pooledFund,
        deductibleMetThisYear: state.deductibleMetThisYear + deductibleApplied,
      },
    },
  };
}
