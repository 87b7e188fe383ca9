/**
 * Contribution records (缴费记录), derived deterministically from a person in the card
 * register: the person's type decides which insurances they pay, `insuredSince` when they
 * started, the birth date when a retiree stopped; amounts come from a yearly contribution
 * base drawn from a PRNG seeded by the person's key. Pure: same person, same records.
 *
 * They are generated at read time rather than stored: the register is the seeded data they
 * derive from, every one of the 1,200 seeded people (and any claimed in a test) has them,
 * and the seed stays as fast as it was. Reading them costs one GetItem of the person.
 */

export const INSURANCE_TYPES = ['pension', 'medical', 'unemployment', 'work_injury', 'maternity'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

export const SELF_PAYER = '个人缴费';

export interface ContributionRecord {
  type: InsuranceType;
  /** 'YYYY-MM' */
  month: string;
  /** Contribution base in fen. */
  base: number;
  employerAmount: number;
  personalAmount: number;
  status: 'paid' | 'arrears';
  payer: string;
}

export interface ContributorProfile {
  /** Stable key of the person (the register's idHash): the PRNG's seed. */
  key: string;
  personType: 'employee' | 'retiree' | 'resident' | 'child';
  /** 'YYYY-MM' */
  insuredSince: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  gender: 'male' | 'female';
}

/** Employer and personal rates, in basis points of the base (employee schemes). */
const RATES: Record<InsuranceType, { employer: number; personal: number }> = {
  pension: { employer: 1600, personal: 800 },
  medical: { employer: 800, personal: 200 },
  unemployment: { employer: 50, personal: 50 },
  work_injury: { employer: 40, personal: 0 },
  maternity: { employer: 80, personal: 0 },
};

const EMPLOYERS = [
  '江苏云帆信息技术有限公司',
  '南京宏达建设工程有限公司',
  '上海明远贸易有限公司',
  '杭州青禾食品有限公司',
  '广州华鼎物流有限公司',
  '成都锦程医疗器械有限公司',
  '武汉长江精密机械有限公司',
  '北京博文教育咨询有限公司',
];

/** 'YYYY-MM' ↔ month index (year × 12 + month − 1). */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthOf(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** FNV-1a, 32 bits. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the text. */
function unit(text: string): number {
  let t = (hash32(text) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const RETIREMENT_AGE = { male: 60, female: 55 } as const;

/** The first month without contributions for a retiree: the month after reaching retirement age. */
export function retirementMonth(p: Pick<ContributorProfile, 'birthDate' | 'gender'>): number {
  return monthIndex(p.birthDate.slice(0, 7)) + RETIREMENT_AGE[p.gender] * 12 + 1;
}

/** The insurances a person paid in a month (before insuredSince, none). */
export function insurancesIn(p: ContributorProfile, month: number): { types: InsuranceType[]; scheme: 'employee' | 'resident' } {
  if (month < monthIndex(p.insuredSince)) return { types: [], scheme: 'resident' };
  switch (p.personType) {
    case 'employee':
      return { types: [...INSURANCE_TYPES], scheme: 'employee' };
    case 'retiree':
      // Urban employee insurance until retirement; afterwards the pension is paid out, not in.
      return month < retirementMonth(p) ? { types: [...INSURANCE_TYPES], scheme: 'employee' } : { types: [], scheme: 'employee' };
    case 'resident':
      // 城乡居民: resident pension and resident medical insurance, paid by the person.
      return { types: ['pension', 'medical'], scheme: 'resident' };
    case 'child':
      return { types: ['medical'], scheme: 'resident' };
  }
}

/** The record of one insurance in one month, or undefined when the person paid none. */
export function contributionOf(p: ContributorProfile, type: InsuranceType, month: number): ContributionRecord | undefined {
  const { types, scheme } = insurancesIn(p, month);
  if (!types.includes(type)) return undefined;
  const monthText = monthOf(month);
  const year = Math.floor(month / 12);
  const arrears = unit(`${p.key}|arrears|${monthText}`) < 0.02;
  const status = arrears ? 'arrears' : 'paid';
  if (scheme === 'resident') {
    // Resident schemes: a flat monthly amount from the grade the person chose that year.
    const grade = 1 + Math.floor(unit(`${p.key}|grade|${year}`) * 5);
    const personal = type === 'pension' ? grade * 2_500 : 3_000 + grade * 500;
    return { type, month: monthText, base: 0, employerAmount: 0, personalAmount: personal, status, payer: SELF_PAYER };
  }
  // The base is set yearly between ¥3,000 and ¥25,000, rounded to yuan.
  const base = Math.round(3_000 + unit(`${p.key}|base|${year}`) * 22_000) * 100;
  const employerIndex = Math.floor(unit(`${p.key}|employer|${Math.floor(year / 4)}`) * EMPLOYERS.length);
  const rate = RATES[type];
  return {
    type,
    month: monthText,
    base,
    employerAmount: Math.round((base * rate.employer) / 10_000),
    personalAmount: Math.round((base * rate.personal) / 10_000),
    status,
    payer: EMPLOYERS[employerIndex]!,
  };
}

export interface ContributionQuery {
  type?: InsuranceType;
  /** Month indexes, inclusive. */
  from: number;
  to: number;
}

/** Position of a record in the list order: newest month first, then the types' order. */
export interface ContributionPosition {
  month: number;
  typeIndex: number;
}

/**
 * Up to `limit` records matching the query, newest first, strictly after `after`;
 * `next` is the position of the last one when more may follow.
 */
export function contributionPage(
  p: ContributorProfile,
  q: ContributionQuery,
  limit: number,
  after?: ContributionPosition,
): { items: ContributionRecord[]; next?: ContributionPosition } {
  const items: ContributionRecord[] = [];
  const types = q.type ? [q.type] : INSURANCE_TYPES;
  for (let month = after ? after.month : q.to; month >= q.from; month--) {
    for (const type of types) {
      const typeIndex = INSURANCE_TYPES.indexOf(type);
      if (after && month === after.month && typeIndex <= after.typeIndex) continue;
      const record = contributionOf(p, type, month);
      if (!record) continue;
      if (items.length === limit) {
        const last = items[items.length - 1]!;
        return { items, next: { month: monthIndex(last.month), typeIndex: INSURANCE_TYPES.indexOf(last.type) } };
      }
      items.push(record);
    }
  }
  return { items };
}

export const MAX_RANGE_MONTHS = 120;

export type RangeRefusal = { field: 'from' | 'to'; message: string };

/**
 * The month range of a query: both ends optional (default: the last 10 years up to the
 * latest month); from ≤ to, at most 10 years, never after the latest month.
 */
export function resolveRange(
  input: { from?: string; to?: string },
  latest: number,
): { ok: true; from: number; to: number } | { ok: false; refusal: RangeRefusal } {
  for (const field of ['from', 'to'] as const) {
    const v = input[field];
    if (v !== undefined && !MONTH_RE.test(v)) return { ok: false, refusal: { field, message: 'must be a month YYYY-MM' } };
  }
  const to = input.to !== undefined ? monthIndex(input.to) : input.from !== undefined ? Math.min(monthIndex(input.from) + MAX_RANGE_MONTHS - 1, latest) : latest;
  const from = input.from !== undefined ? monthIndex(input.from) : to - MAX_RANGE_MONTHS + 1;
  if (from > to) return { ok: false, refusal: { field: 'from', message: 'must not be after to' } };
  if (to - from + 1 > MAX_RANGE_MONTHS) return { ok: false, refusal: { field: 'to', message: 'the range is at most 10 years' } };
  return { ok: true, from, to };
}
