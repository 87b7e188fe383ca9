import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ageOn,
  checkDigit,
  chinaCalendarDate,
  makeIdNumber,
  normalizeIdNumber,
  validateIdNumber,
} from '../../../functions/holder/idNumber.rules.js';

const TODAY = new Date('2025-06-01T04:00:00Z'); // 2025-06-01 12:00 in China

/** Independent re-statement of ISO 7064 MOD 11-2, written out from the standard. */
function referenceCheckChar(first17: string): string {
  // Weight of position i (1-based from the right, check char is position 1) is 2^(i-1) mod 11.
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const positionFromRight = 18 - k;
    const weight = 2 ** (positionFromRight - 1) % 11;
    sum += Number(first17[k]) * weight;
  }
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

const provinceCode = fc.constantFrom('11', '31', '32', '33', '44', '51', '65', '81');
const regionCode = fc
  .tuple(provinceCode, fc.integer({ min: 0, max: 9999 }))
  .map(([p, rest]) => p + String(rest).padStart(4, '0'));
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-05-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const sequence = fc.integer({ min: 0, max: 999 });
const validId = fc.tuple(regionCode, birthDate, sequence).map(([r, b, s]) => makeIdNumber(r, b, s));

describe('checkDigit', () => {
  it('gives X for the example of GB 11643-1999, 11010519491231002X', () => {
    // 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167;
    // 167 mod 11 = 2, and the check value for 2 is X.
    expect(checkDigit('11010519491231002')).toBe('X');
  });

  it('gives 4 for the other example of the standard, 440524188001010014', () => {
    // sum = 195; 195 mod 11 = 8 → 4.
    expect(checkDigit('44052418800101001')).toBe('4');
  });

  it('maps every remainder to the table 1 0 X 9 8 7 6 5 4 3 2', () => {
    // A single non-zero digit d in the last position (weight 2) gives sum 2d.
    // d=0: sum 0 → 1; d=1: 2 → X; d=5: 10 → 2; d=6: 12 mod 11 = 1 → 0; d=9: 18 mod 11 = 7 → 5.
    expect(checkDigit('00000000000000000')).toBe('1');
    expect(checkDigit('00000000000000001')).toBe('X');
    expect(checkDigit('00000000000000005')).toBe('2');
    expect(checkDigit('00000000000000006')).toBe('0');
    expect(checkDigit('00000000000000009')).toBe('5');
  });

  it('agrees with the standard formula for any 17 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        expect(checkDigit(first17)).toBe(referenceCheckChar(first17));
      }),
    );
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => checkDigit('1101051949123100')).toThrow(RangeError);
    expect(() => checkDigit('11010519491231002X')).toThrow(RangeError);
    expect(() => checkDigit('1101051949123100a')).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  it('accepts the standard example and reads its parts', () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female', // sequence 002 is even
      regionCode: '110105',
    });
  });

  it('accepts a lowercase x and normalises it to X', () => {
    const r = validateIdNumber('11010519491231002x', TODAY);
    expect(r.ok && r.idNumber).toBe('11010519491231002X');
  });

  it('ignores surrounding spaces and full-width digits typed with a Chinese IME', () => {
    expect(normalizeIdNumber(' １１０１０５１９４９１２３１００２ｘ ')).toBe('11010519491231002X');
    expect(validateIdNumber(' 11010519491231002X\n', TODAY).ok).toBe(true);
  });

  it('reads an odd sequence as male', () => {
    const id = makeIdNumber('320100', '1978-05-12', 123);
    const r = validateIdNumber(id, TODAY);
    expect(r).toMatchObject({ ok: true, gender: 'male', birthDate: '1978-05-12', regionCode: '320100' });
  });

  it.each([
    ['too short', '1101051949123100X'],
    ['too long', '11010519491231002X1'],
    ['a letter inside', '110105194912A1002X'],
    ['X not last', '1101051949123100X2'],
    ['empty', ''],
    ['unknown province 99', '990105194912310021'],
    ['province 00', '000105194912310021'],
  ])('refuses the format: %s', (_label, raw) => {
    const r = validateIdNumber(raw, TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'format' });
  });

  it('refuses a non-string without throwing', () => {
    expect(validateIdNumber(undefined as unknown as string, TODAY)).toMatchObject({ ok: false, reason: 'format' });
  });

  it('refuses a wrong check character', () => {
    expect(validateIdNumber('110105194912310021', TODAY)).toMatchObject({ ok: false, reason: 'check_digit' });
  });

  it('refuses 30 February (with a correct check character)', () => {
    const first17 = '32010019800230123';
    const r = validateIdNumber(first17 + checkDigit(first17), TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('refuses 29 February in a common year and accepts it in a leap year', () => {
    const common = '32010019990229123';
    const leap = '32010020000229123';
    expect(validateIdNumber(common + checkDigit(common), TODAY)).toMatchObject({ ok: false, reason: 'birth_date' });
    expect(validateIdNumber(leap + checkDigit(leap), TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    const century = '32010019000229123'; // 1900 is not a leap year
    expect(validateIdNumber(century + checkDigit(century), TODAY)).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('refuses month 13 and day 00', () => {
    for (const first17 of ['32010019801301123', '32010019800100123', '32010019800032123']) {
      expect(validateIdNumber(first17 + checkDigit(first17), TODAY)).toMatchObject({
        ok: false,
        reason: 'birth_date',
      });
    }
  });

  it('refuses a birth date before 1900: the standard example 440524188001010014', () => {
    expect(validateIdNumber('440524188001010014', TODAY)).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('refuses a birth date after today, and accepts one born today', () => {
    const tomorrow = '32010020250602123';
    const today = '32010020250601123';
    expect(validateIdNumber(tomorrow + checkDigit(tomorrow), TODAY)).toMatchObject({
      ok: false,
      reason: 'birth_date',
    });
    expect(validateIdNumber(today + checkDigit(today), TODAY)).toMatchObject({ ok: true, birthDate: '2025-06-01' });
  });

  it('counts today in China time (UTC+8)', () => {
    const bornJune2 = makeIdNumber('320100', '2025-06-02', 123);
    // 2025-06-01T15:59Z is 23:59 on 1 June in China; 16:00Z is already 2 June.
    expect(validateIdNumber(bornJune2, new Date('2025-06-01T15:59:00Z')).ok).toBe(false);
    expect(validateIdNumber(bornJune2, new Date('2025-06-01T16:00:00Z')).ok).toBe(true);
  });

  it('never echoes the number in its message', () => {
    const inputs = [
      '110105194912310021',
      '440524188001010014',
      '1101051949123100X',
      makeIdNumber('320100', '2030-01-01', 1),
    ];
    for (const raw of inputs) {
      const r = validateIdNumber(raw, TODAY);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).not.toContain(raw);
        expect(r.message).not.toMatch(/\d{6}/);
        expect(r.message.length).toBeGreaterThan(10);
      }
    }
  });

  it('accepts every number made by makeIdNumber, and reads back its parts', () => {
    fc.assert(
      fc.property(regionCode, birthDate, sequence, (r, b, s) => {
        const id = makeIdNumber(r, b, s);
        expect(id).toHaveLength(18);
        const v = validateIdNumber(id, TODAY);
        expect(v).toEqual({
          ok: true,
          idNumber: id,
          birthDate: b,
          gender: s % 2 === 1 ? 'male' : 'female',
          regionCode: r,
        });
        expect(validateIdNumber(id.toLowerCase(), TODAY).ok).toBe(true);
      }),
    );
  });

  it('detects every single-character error (any position, any other character)', () => {
    const chars = [...'0123456789X'];
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, shift) => {
        const alphabet = pos === 17 ? chars : chars.slice(0, 10);
        const old = alphabet.indexOf(id[pos]!);
        const replacement = alphabet[(old + shift) % alphabet.length]!;
        fc.pre(replacement !== id[pos]);
        const changed = id.slice(0, pos) + replacement + id.slice(pos + 1);
        expect(validateIdNumber(changed, TODAY).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('detects every swap of two adjacent different digits', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 15 }), (id, pos) => {
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(validateIdNumber(swapped, TODAY)).toMatchObject({ ok: false });
      }),
      { numRuns: 500 },
    );
  });
});

describe('makeIdNumber', () => {
  it('builds the standard example from its parts', () => {
    expect(makeIdNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
  });

  it('refuses bad parts', () => {
    expect(() => makeIdNumber('32010', '1980-01-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('990100', '1980-01-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('320100', '1980-02-30', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('320100', '1899-12-31', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('320100', '19800101', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('320100', '1980-01-01', 1000)).toThrow(RangeError);
    expect(() => makeIdNumber('320100', '1980-01-01', -1)).toThrow(RangeError);
    expect(() => makeIdNumber('320100', '1980-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts full years, turning a year older on the birthday', () => {
    expect(ageOn('1978-05-12', '2025-05-11')).toBe(46);
    expect(ageOn('1978-05-12', '2025-05-12')).toBe(47);
    expect(ageOn('1978-05-12', '2025-12-31')).toBe(47);
    expect(ageOn('2025-06-01', '2025-06-01')).toBe(0);
  });

  it('makes a 29 February child a year older on 1 March in common years', () => {
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('takes a Date as its calendar date in China', () => {
    expect(ageOn('2007-06-02', new Date('2025-06-01T15:59:59Z'))).toBe(17);
    expect(ageOn('2007-06-02', new Date('2025-06-01T16:00:00Z'))).toBe(18);
  });

  it('refuses a date before birth and malformed dates', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-02-30', '2020-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', new Date(Number.NaN))).toThrow(RangeError);
  });

  it('never decreases as the date moves on', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 400 }), (b, d1, extra) => {
        const start = Date.parse(`${b}T00:00:00Z`);
        const day1 = new Date(start + d1 * 86_400_000).toISOString().slice(0, 10);
        const day2 = new Date(start + (d1 + extra) * 86_400_000).toISOString().slice(0, 10);
        const a1 = ageOn(b, day1);
        const a2 = ageOn(b, day2);
        expect(a2).toBeGreaterThanOrEqual(a1);
        expect(a2 - a1).toBeLessThanOrEqual(Math.ceil(extra / 365) + 1);
      }),
    );
  });
});

describe('chinaCalendarDate', () => {
  it('is the UTC+8 calendar date', () => {
    expect(chinaCalendarDate(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(chinaCalendarDate(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
});
