/**
 * A deterministic, synthetic card register (社保卡 register) for dev, tests and demos.
 *
 * Every person is invented: names are drawn from common surnames and given-name
 * characters, ID numbers are built with valid check characters for real region codes,
 * card numbers and phone numbers are random. Same `seed` and `today` → identical
 * output, because all randomness comes from a seeded PRNG (mulberry32) and time comes
 * from the `today` parameter.
 *
 * Output: `DEMO_HOLDER` first, then `count - 1` generated people (`count` in total).
 */

import { ageOn, chinaCalendarDate, makeIdNumber, type Gender } from '../../functions/holder/idNumber.rules.js';
import type { PersonType, PhysicalCardStatus as CardStatus } from '../../functions/holder/person.store.js';
import { REGIONS, findRegion, type Region } from '../../functions/reference/regions.js';

export { REGIONS, findRegion, type Region };

export type { PhysicalCardStatus as CardStatus, PersonType } from '../../functions/holder/person.store.js';

export interface SeedPerson {
  name: string;
  /** 18 characters, valid check character, unique in a generated set. */
  idNumber: string;
  /** 'YYYY-MM-DD', the same date as in the ID number. */
  birthDate: string;
  gender: Gender;
  /** First 6 characters of the ID number; one of REGIONS. */
  regionCode: string;
  /** Physical card number, 1 uppercase letter + 8 digits, unique in a generated set. */
  cardNumber: string;
  cardStatus: CardStatus;
  personType: PersonType;
  /** 'YYYY-MM', not before the birth month nor after `today`. */
  insuredSince: string;
  /** Medical personal account balance in fen, a non-negative integer. */
  personalAccountBalance: number;
  /** Synthetic 11-digit mainland mobile number. */
  phone: string;
}

export interface GeneratePeopleOptions {
  /** Any integer; used as a 32-bit unsigned seed. */
  seed: number;
  /** Number of people returned, DEMO_HOLDER included (at least 1). */
  count: number;
  /** Ages, person types and insured-since months are computed on this date (China time). */
  today: Date | string;
}

/**
 * The demo holder of API.md "Demo data": already claimed in the seed (login code
 * `sandbox:demo-holder`, PIN 135790, set by the seed script), card normal, balance
 * 50000 fen. Fixed by hand, not drawn: always the first person of `generatePeople`.
 */
export const DEMO_HOLDER: Readonly<SeedPerson> = Object.freeze({
  name: '王晓明',
  idNumber: makeIdNumber('320100', '1978-05-12', 123),
  birthDate: '1978-05-12',
  gender: 'male',
  regionCode: '320100',
  cardNumber: 'A32010001',
  cardStatus: 'normal',
  personType: 'employee',
  insuredSince: '2000-07',
  personalAccountBalance: 50000,
  phone: '13951000000',
});

// ---------------------------------------------------------------------------
// PRNG

/** mulberry32: a small, fast 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
  };
}

/** Picks from `items` with the given integer weights, through a cumulative table. */
function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const items = entries.map(([item]) => item);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) {
    total += w;
    cumulative.push(total);
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

// ---------------------------------------------------------------------------
// Names

/** Common single-character surnames with rough shares (per mille) of the population. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 68], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 25],
  ['赵', 23], ['吴', 20], ['周', 20], ['徐', 16], ['孙', 15], ['马', 15], ['朱', 13],
  ['胡', 13], ['郭', 12], ['何', 12], ['林', 11], ['高', 11], ['罗', 11], ['郑', 10],
  ['梁', 9], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 7], ['邓', 7], ['冯', 7],
  ['曹', 6], ['彭', 6], ['曾', 6], ['肖', 6], ['田', 6], ['董', 5], ['潘', 5], ['袁', 5],
  ['蔡', 5], ['蒋', 5], ['余', 5], ['于', 5], ['杜', 5], ['叶', 5], ['程', 5], ['魏', 4],
  ['苏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['卢', 4], ['姚', 4], ['沈', 4], ['钟', 4],
  ['姜', 4], ['崔', 3], ['谭', 3], ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3], ['石', 3],
  ['金', 3], ['韦', 3], ['贾', 3], ['夏', 3], ['付', 3], ['方', 3], ['邹', 2], ['熊', 2],
  ['白', 2], ['孟', 2], ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2],
  ['闫', 2], ['段', 2], ['雷', 2], ['龙', 2], ['黎', 2], ['史', 2], ['陶', 2], ['贺', 2],
  ['毛', 2], ['郝', 2], ['顾', 2], ['龚', 2], ['邵', 2], ['万', 2], ['覃', 2], ['武', 2],
  ['钱', 2], ['戴', 2], ['严', 2], ['莫', 2], ['孔', 2], ['向', 2], ['常', 2], ['汤', 2],
];

/** Compound (two-character) surnames: rare, about 2 % of generated people here. */
const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒',
  '夏侯', '端木', '宇文',
];

const MALE_GIVEN = Array.from(
  '伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯健俊帆旭宁龙林峰建国志文博晨轩泽瑞睿航海波亮鑫坤昊然子一天嘉成思家晓立永德庆春东金',
);
const FEMALE_GIVEN = Array.from(
  '芳娜敏静丽艳娟霞秀玲桂英慧婷雪琳晶燕红萍颖倩欣怡梦诗佳雨涵琪萱悦妍思可馨雅晓淑兰梅丹月文蕾洁璐瑶一子嘉欢美凤',
);

const pickSurname = weightedPicker(SURNAMES);

function makeName(rng: Rng, gender: Gender): string {
  const surname = rng.next() < 0.02 ? rng.pick(COMPOUND_SURNAMES) : pickSurname(rng);
  const pool = gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN;
  const first = rng.pick(pool);
  if (rng.next() < 0.25) return surname + first;
  let second = rng.pick(pool);
  if (second === first && rng.next() < 0.7) second = rng.pick(pool); // 婷婷 happens, but less
  return surname + first + second;
}

// ---------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** 'YYYY-MM-DD' of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function isoFromEpochDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

function isoMonth(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

function drawAge(rng: Rng): number {
  const r = rng.next();
  if (r < 0.16) return rng.int(0, 15);
  if (r < 0.18) return rng.int(16, 17);
  if (r < 0.76) return rng.int(18, 59);
  // Older people thin out with age: 60-95, skewed towards 60.
  return 60 + Math.floor(36 * rng.next() ** 1.6);
}

/** A birth date that makes the person (about) `age` on `today`. */
function drawBirthDate(rng: Rng, age: number, todayIso: string): string {
  const ty = Number(todayIso.slice(0, 4));
  const tm = Number(todayIso.slice(5, 7));
  const td = Number(todayIso.slice(8, 10));
  const latest = epochDay(ty - age, tm, td);
  const earliest = epochDay(ty - age - 1, tm, td) + 1;
  return isoFromEpochDay(rng.int(earliest, latest));
}

function retirementAge(gender: Gender): number {
  return gender === 'male' ? 60 : 55;
}

function drawPersonType(rng: Rng, age: number, gender: Gender): PersonType {
  if (age < 16) return 'child';
  if (age < 18) return 'resident';
  if (age >= retirementAge(gender)) return rng.next() < 0.85 ? 'retiree' : 'resident';
  return rng.next() < 0.72 ? 'employee' : 'resident';
}

function drawInsuredSince(
  rng: Rng,
  type: PersonType,
  birthDate: string,
  todayIso: string,
): string {
  const birth = monthIndex(birthDate);
  const now = monthIndex(todayIso);
  // A month drawn from [lower, lower + spread], never before birth nor after today.
  const from = (lower: number, spread: number): string => {
    const lo = Math.min(Math.max(lower, birth), now);
    return isoMonth(rng.int(lo, Math.min(lo + spread, now)));
  };
  switch (type) {
    case 'child':
      // Enrolled in resident medical insurance as a baby.
      return from(birth, 11);
    case 'employee':
      // Urban employee insurance as known today dates from the 1990s reforms.
      return from(Math.max(birth + 18 * 12, 1993 * 12), 120);
    case 'retiree':
      return from(Math.max(birth + 18 * 12, 1992 * 12), 96);
    case 'resident':
      // Resident medical insurance: rural 2003, urban 2007, merged 2016; minors from birth.
      return now - birth < 18 * 12 ? from(birth, 11) : from(Math.max(birth + 16 * 12, 2003 * 12), 60);
  }
}

function drawBalance(rng: Rng, type: PersonType): number {
  const small = (): number => rng.int(0, 999);
  const skewed = (min: number, max: number, power: number): number =>
    min + Math.floor((max - min) * rng.next() ** power);
  switch (type) {
    case 'employee':
      return rng.next() < 0.05 ? small() : skewed(1000, 200_000, 2);
    case 'retiree':
      return rng.next() < 0.03 ? small() : skewed(2000, 200_000, 1.5);
    case 'resident':
      return rng.next() < 0.1 ? small() : skewed(1000, 30_000, 2);
    case 'child':
      return rng.next() < 0.2 ? small() : skewed(1000, 10_000, 2);
  }
}

function drawCardStatus(rng: Rng): CardStatus {
  const r = rng.next();
  if (r < 0.85) return 'normal';
  if (r < 0.95) return 'lost';
  return 'cancelled';
}

const CARD_LETTERS = Array.from('ABCDEFGHJKLMNPQRSTUVWXYZ'); // no I, O: read as 1, 0

function drawCardNumber(rng: Rng): string {
  return rng.pick(CARD_LETTERS) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

function drawPhone(rng: Rng): string {
  return `1${rng.int(3, 9)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
}

// ---------------------------------------------------------------------------
// Generation

/** The calendar date each generated array was made for, for findClaimablePerson. */
const seedDates = new WeakMap<readonly SeedPerson[], string>();

function toIsoDate(today: Date | string): string {
  if (typeof today === 'string') {
    ageOn(today, today); // throws a RangeError on a malformed date
    return today;
  }
  return chinaCalendarDate(today);
}

export function generatePeople(options: GeneratePeopleOptions): SeedPerson[] {
  const { seed, count } = options;
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
  const todayIso = toIsoDate(options.today);
  if (DEMO_HOLDER.birthDate > todayIso) throw new RangeError('today is before the demo holder was born');

  const rng = createRng(seed);
  const people: SeedPerson[] = [{ ...DEMO_HOLDER }];
  const idNumbers = new Set([DEMO_HOLDER.idNumber]);
  const cardNumbers = new Set([DEMO_HOLDER.cardNumber]);

  while (people.length < count) {
    const gender: Gender = rng.next() < 0.5 ? 'male' : 'female';
    const region = rng.pick(REGIONS);
    const birthDate = drawBirthDate(rng, drawAge(rng), todayIso);
    const age = ageOn(birthDate, todayIso);

    let idNumber: string;
    let tries = 0;
    do {
      if (++tries > 1000) throw new Error('could not draw a unique ID number');
      // Odd sequence for men, even for women.
      const sequence = rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
      idNumber = makeIdNumber(region.code, birthDate, sequence);
    } while (idNumbers.has(idNumber));
    idNumbers.add(idNumber);

    let cardNumber: string;
    do cardNumber = drawCardNumber(rng);
    while (cardNumbers.has(cardNumber));
    cardNumbers.add(cardNumber);

    const personType = drawPersonType(rng, age, gender);
    people.push({
      name: makeName(rng, gender),
      idNumber,
      birthDate,
      gender,
      regionCode: region.code,
      cardNumber,
      cardStatus: drawCardStatus(rng),
      personType,
      insuredSince: drawInsuredSince(rng, personType, birthDate, todayIso),
      personalAccountBalance: drawBalance(rng, personType),
      phone: drawPhone(rng),
    });
  }
  seedDates.set(people, todayIso);
  return people;
}

/**
 * The `index`-th (from 0) person who can claim an e-card: card normal, 18 or older,
 * not the demo holder (who has claimed already). Ages are counted on `today`, which
 * defaults to the date the array was generated for by `generatePeople` (remembered
 * for that array object only: pass `today` for a copied or filtered array).
 * Throws a RangeError when there are not that many.
 */
export function findClaimablePerson(
  people: readonly SeedPerson[],
  index: number,
  today?: Date | string,
): SeedPerson {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('index must be an integer >= 0');
  const date = today === undefined ? seedDates.get(people) : toIsoDate(today);
  if (date === undefined) {
    throw new RangeError('pass today: this array was not produced by generatePeople');
  }
  let seen = 0;
  for (const p of people) {
    if (p.idNumber === DEMO_HOLDER.idNumber) continue;
    if (p.cardStatus !== 'normal' || p.birthDate > date || ageOn(p.birthDate, date) < 18) continue;
    if (seen === index) return p;
    seen++;
  }
  throw new RangeError(`only ${seen} claimable people, index ${index} asked`);
}
