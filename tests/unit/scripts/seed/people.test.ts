import { describe, it, expect } from 'vitest';
import {
  DEMO_HOLDER,
  REGIONS,
  createRng,
  findClaimablePerson,
  findRegion,
  generatePeople,
  mulberry32,
  type SeedPerson,
} from '../../../../scripts/seed/people.js';
import { ageOn, validateIdNumber } from '../../../../functions/holder/idNumber.rules.js';
import { checkPin } from '../../../../functions/holder/pin.rules.js';

const TODAY = new Date('2025-06-01T02:00:00Z');
const TODAY_ISO = '2025-06-01';
const people = generatePeople({ seed: 20250601, count: 1200, today: TODAY });

function countBy<K extends keyof SeedPerson>(list: readonly SeedPerson[], key: K): Map<SeedPerson[K], number> {
  const m = new Map<SeedPerson[K], number>();
  for (const p of list) m.set(p[key], (m.get(p[key]) ?? 0) + 1);
  return m;
}

describe('mulberry32 / createRng', () => {
  it('repeats the same sequence for the same seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });

  it('differs for a different seed', () => {
    const a = mulberry32(1);
    const b = mulberry32(2);
    expect(Array.from({ length: 10 }, () => a())).not.toEqual(Array.from({ length: 10 }, () => b()));
  });

  it('draws integers over the whole inclusive range', () => {
    const rng = createRng(99);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 8);
      expect(Number.isInteger(n) && n >= 3 && n <= 8).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });
});

describe('generatePeople', () => {
  it('returns count people with the demo holder first', () => {
    expect(people).toHaveLength(1200);
    expect(people[0]).toEqual(DEMO_HOLDER);
    expect(people[0]!.personalAccountBalance).toBe(50000);
    expect(people.filter((p) => p.idNumber === DEMO_HOLDER.idNumber)).toHaveLength(1);
  });

  it('is deterministic: the same seed gives deep-equal output, another seed differs', () => {
    const again = generatePeople({ seed: 20250601, count: 1200, today: TODAY });
    expect(again).toEqual(people);
    const other = generatePeople({ seed: 20250602, count: 1200, today: TODAY });
    expect(other).not.toEqual(people);
    expect(other[0]).toEqual(DEMO_HOLDER);
    const otherIds = new Set(other.slice(1).map((p) => p.idNumber));
    expect(people.slice(1).filter((p) => otherIds.has(p.idNumber)).length).toBeLessThan(10);
  });

  it('gives a prefix of the same people for a smaller count', () => {
    const few = generatePeople({ seed: 20250601, count: 50, today: TODAY });
    expect(few).toEqual(people.slice(0, 50));
  });

  it('takes today as a Date in China time or as a YYYY-MM-DD string alike', () => {
    expect(generatePeople({ seed: 5, count: 30, today: TODAY_ISO })).toEqual(
      generatePeople({ seed: 5, count: 30, today: new Date('2025-05-31T16:00:00Z') }),
    );
  });

  it('gives every person a valid ID number that matches their birth date, gender and region', () => {
    for (const p of people) {
      const v = validateIdNumber(p.idNumber, TODAY);
      expect(v, p.idNumber).toEqual({
        ok: true,
        idNumber: p.idNumber,
        birthDate: p.birthDate,
        gender: p.gender,
        regionCode: p.regionCode,
      });
      expect(findRegion(p.regionCode), p.regionCode).toBeDefined();
    }
  });

  it('never repeats an ID number or a card number', () => {
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.cardNumber)).size).toBe(people.length);
  });

  it('stays unique in a register large enough for random draws to collide', () => {
    // With 60,000 people, random card numbers and ID sequences collide a few times
    // (birthday bound: seed 25 draws 3 duplicate card numbers and 2 duplicate ID
    // numbers), so this exercises the redraw on collision.
    const many = generatePeople({ seed: 25, count: 60_000, today: TODAY });
    expect(new Set(many.map((p) => p.idNumber)).size).toBe(many.length);
    expect(new Set(many.map((p) => p.cardNumber)).size).toBe(many.length);
  });

  it('gives card numbers of 1 letter and 8 digits and mobile-like phone numbers', () => {
    for (const p of people) {
      expect(p.cardNumber).toMatch(/^[A-Z]\d{8}$/);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('gives realistic Chinese names of 2 to 4 characters, some with a compound surname', () => {
    const lengths = countBy(
      people.map((p) => ({ ...p, name: String(Array.from(p.name).length) })),
      'name',
    );
    for (const p of people) expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(lengths.get('3')! + lengths.get('2')!).toBeGreaterThan(people.length * 0.9);
    expect(lengths.get('4') ?? 0).toBeGreaterThan(0);
  });

  it('has every card status, roughly 85 / 10 / 5 %', () => {
    const statuses = countBy(people, 'cardStatus');
    expect([...statuses.keys()].sort()).toEqual(['cancelled', 'lost', 'normal']);
    const share = (s: SeedPerson['cardStatus']): number => statuses.get(s)! / people.length;
    expect(share('normal')).toBeGreaterThan(0.8);
    expect(share('normal')).toBeLessThan(0.9);
    expect(share('lost')).toBeGreaterThan(0.06);
    expect(share('lost')).toBeLessThan(0.14);
    expect(share('cancelled')).toBeGreaterThan(0.02);
    expect(share('cancelled')).toBeLessThan(0.08);
  });

  it('has every person type, consistent with age and gender on today', () => {
    const types = countBy(people, 'personType');
    expect([...types.keys()].sort()).toEqual(['child', 'employee', 'resident', 'retiree']);
    for (const p of people) {
      const age = ageOn(p.birthDate, TODAY);
      expect(p.personType === 'child', `${p.birthDate} ${p.personType}`).toBe(age < 16);
      if (p.personType === 'employee' || p.personType === 'retiree') expect(age).toBeGreaterThanOrEqual(18);
      if (p.personType === 'retiree') expect(age).toBeGreaterThanOrEqual(p.gender === 'male' ? 60 : 55);
    }
    const pensionAge = people.filter(
      (p) => p !== people[0] && ageOn(p.birthDate, TODAY) >= (p.gender === 'male' ? 60 : 55),
    );
    const retired = pensionAge.filter((p) => p.personType === 'retiree').length;
    expect(retired / pensionAge.length).toBeGreaterThan(0.7);
  });

  it('has birth dates from 1900 up to today and both genders', () => {
    for (const p of people) {
      expect(p.birthDate >= '1900-01-01' && p.birthDate <= TODAY_ISO).toBe(true);
    }
    const genders = countBy(people, 'gender');
    expect(genders.get('male')!).toBeGreaterThan(400);
    expect(genders.get('female')!).toBeGreaterThan(400);
  });

  it('has insured-since months between birth and today', () => {
    for (const p of people) {
      expect(p.insuredSince).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      expect(p.insuredSince >= p.birthDate.slice(0, 7)).toBe(true);
      expect(p.insuredSince <= TODAY_ISO.slice(0, 7)).toBe(true);
    }
  });

  it('has funded accounts: non-negative integer fen, most above 10 yuan, at most 2000 yuan', () => {
    for (const p of people) {
      expect(Number.isSafeInteger(p.personalAccountBalance)).toBe(true);
      expect(p.personalAccountBalance).toBeGreaterThanOrEqual(0);
      expect(p.personalAccountBalance).toBeLessThanOrEqual(200_000);
    }
    const funded = people.filter((p) => p.personalAccountBalance > 1000).length;
    expect(funded / people.length).toBeGreaterThan(0.8);
    const mean = (t: SeedPerson['personType']): number => {
      const xs = people.filter((p) => p.personType === t).map((p) => p.personalAccountBalance);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('child')).toBeLessThan(mean('employee'));
    expect(mean('resident')).toBeLessThan(mean('employee'));
  });

  it('refuses a bad seed, count or today', () => {
    expect(() => generatePeople({ seed: 1.5, count: 10, today: TODAY })).toThrow(RangeError);
    expect(() => generatePeople({ seed: 1, count: 0, today: TODAY })).toThrow(RangeError);
    expect(() => generatePeople({ seed: 1, count: 10, today: '2025-02-30' })).toThrow(RangeError);
    expect(() => generatePeople({ seed: 1, count: 10, today: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('DEMO_HOLDER', () => {
  it('is the hand-chosen holder of the demo data', () => {
    expect(DEMO_HOLDER).toMatchObject({
      name: '王晓明',
      birthDate: '1978-05-12',
      gender: 'male',
      regionCode: '320100',
      cardStatus: 'normal',
      personType: 'employee',
      personalAccountBalance: 50000,
    });
    expect(validateIdNumber(DEMO_HOLDER.idNumber, TODAY)).toMatchObject({ ok: true, birthDate: '1978-05-12' });
    expect(Object.isFrozen(DEMO_HOLDER)).toBe(true);
  });

  it('can use the demo PIN 135790', () => {
    expect(checkPin('135790', DEMO_HOLDER.idNumber)).toEqual({ ok: true });
  });
});

describe('REGIONS', () => {
  it('lists about 20 distinct prefecture-level codes with names and provinces', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
    for (const r of REGIONS) {
      expect(r.code).toMatch(/^[1-8]\d0[1-9]00$/);
      expect(r.name).toMatch(/市$/);
      expect(r.province).toMatch(/(省|市|自治区)$/);
    }
    expect(findRegion('320100')).toEqual({ code: '320100', name: '南京市', province: '江苏省' });
    expect(findRegion('440300')?.name).toBe('深圳市');
    expect(findRegion('999999')).toBeUndefined();
  });

  it('puts people in many regions', () => {
    expect(countBy(people, 'regionCode').size).toBe(REGIONS.length);
  });
});

describe('findClaimablePerson', () => {
  it('returns distinct adults with a normal card, never the demo holder', () => {
    const picked = Array.from({ length: 200 }, (_, i) => findClaimablePerson(people, i));
    expect(new Set(picked.map((p) => p.idNumber)).size).toBe(200);
    for (const p of picked) {
      expect(p.cardStatus).toBe('normal');
      expect(ageOn(p.birthDate, TODAY)).toBeGreaterThanOrEqual(18);
      expect(p.idNumber).not.toBe(DEMO_HOLDER.idNumber);
    }
  });

  it('counts in the order of the register, skipping the others', () => {
    const expected = people.filter(
      (p, i) => i > 0 && p.cardStatus === 'normal' && ageOn(p.birthDate, TODAY) >= 18,
    );
    expect(expected.length).toBeGreaterThan(600);
    expect(findClaimablePerson(people, 0)).toBe(expected[0]);
    expect(findClaimablePerson(people, 17)).toBe(expected[17]);
    expect(findClaimablePerson(people, expected.length - 1)).toBe(expected.at(-1));
    expect(() => findClaimablePerson(people, expected.length)).toThrow(RangeError);
  });

  it('needs today for an array not made by generatePeople, and then gives the same answer', () => {
    const copy = [...people];
    expect(() => findClaimablePerson(copy, 0)).toThrow(RangeError);
    expect(findClaimablePerson(copy, 5, TODAY)).toBe(findClaimablePerson(people, 5));
  });

  it('counts age on the given date', () => {
    // Someone who is 17 on TODAY becomes claimable once 18.
    const seventeen = people.find((p) => p.cardStatus === 'normal' && ageOn(p.birthDate, TODAY) === 17);
    expect(seventeen).toBeDefined();
    const adult = findClaimablePerson(people, 0);
    const register = [DEMO_HOLDER, seventeen!, adult];
    expect(findClaimablePerson(register, 0, TODAY)).toBe(adult);
    expect(() => findClaimablePerson(register, 1, TODAY)).toThrow(RangeError);
    expect(findClaimablePerson(register, 0, '2026-12-31')).toBe(seventeen);
    expect(findClaimablePerson(register, 1, '2026-12-31')).toBe(adult);
  });

  it('refuses a negative or fractional index', () => {
    expect(() => findClaimablePerson(people, -1)).toThrow(RangeError);
    expect(() => findClaimablePerson(people, 1.5)).toThrow(RangeError);
  });
});
