import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CODE_LENGTH,
  CODE_PREFIX,
  OFFLINE_BATCH_SIZE,
  RANDOM_DIGITS,
  checkOfflineUse,
  displayCode,
  luhnCheckDigit,
  makeCode,
  offlineCodeLimits,
  parseCode,
  type CodeKind,
} from '../../../functions/codes/dynamicCode.rules.js';

const randomDigitsArb = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: RANDOM_DIGITS, maxLength: RANDOM_DIGITS });
const kindArb = fc.constantFrom<CodeKind>('online', 'offline');
const codeArb = fc.tuple(randomDigitsArb, kindArb).map(([r, k]) => makeCode(r, k));

/** Every string that differs from `code` in exactly one digit. */
function singleDigitChanges(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    for (const d of '0123456789') {
      if (d !== code[i]) out.push(code.slice(0, i) + d + code.slice(i + 1));
    }
  }
  return out;
}

describe('luhnCheckDigit', () => {
  it('matches known Luhn examples', () => {
    // The classic example 7992739871 → 3, and a test card number 4111 1111 1111 1111.
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('0')).toBe('0');
  });

  it('refuses anything but digits', () => {
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
    expect(() => luhnCheckDigit('12a4')).toThrow(RangeError);
  });
});

describe('makeCode / parseCode', () => {
  it('builds 20-digit codes with the essc prefix and a kind digit', () => {
    const online = makeCode('1234567890123456', 'online');
    const offline = makeCode('1234567890123456', 'offline');
    expect(CODE_LENGTH).toBe(20);
    expect(online).toMatch(/^881\d{17}$/);
    expect(offline).toMatch(/^882\d{17}$/);
    expect(online.slice(3, 19)).toBe('1234567890123456');
    expect(online.at(-1)).toBe(luhnCheckDigit(online.slice(0, 19)));
  });

  it('every made code parses back to itself and its kind', () => {
    fc.assert(
      fc.property(randomDigitsArb, kindArb, (random, kind) => {
        const code = makeCode(random, kind);
        expect(code).toHaveLength(CODE_LENGTH);
        expect(code.startsWith(CODE_PREFIX)).toBe(true);
        expect(parseCode(code)).toEqual({ ok: true, code, kind });
      }),
      { numRuns: 500 },
    );
  });

  it('strips the spaces of the display grouping or a scanner, and full-width digits', () => {
    const code = makeCode('0000111122223333', 'online');
    expect(displayCode(code)).toBe(`${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8, 12)} ${code.slice(12, 16)} ${code.slice(16)}`);
    expect(parseCode(displayCode(code))).toEqual({ ok: true, code, kind: 'online' });
    expect(parseCode(` ${code}\n`)).toEqual({ ok: true, code, kind: 'online' });
    const fullWidth = [...code].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(parseCode(fullWidth)).toEqual({ ok: true, code, kind: 'online' });
  });

  it('refuses every single-digit change by the check digit (or the prefix)', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (const changed of singleDigitChanges(code)) {
          const r = parseCode(changed);
          expect(r.ok, changed).toBe(false);
          if (!r.ok) expect(['check_digit', 'prefix']).toContain(r.reason);
          if (changed.startsWith(CODE_PREFIX)) expect(r).toEqual({ ok: false, reason: 'check_digit' });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses every adjacent transposition of two different digits, except Luhn’s blind spot 09 ↔ 90', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let i = 0; i + 1 < code.length; i++) {
          const a = code[i]!;
          const b = code[i + 1]!;
          if (a === b) continue;
          const swapped = code.slice(0, i) + b + a + code.slice(i + 2);
          const r = parseCode(swapped);
          const blindSpot = (a === '0' && b === '9') || (a === '9' && b === '0');
          // Luhn does not see 09 ↔ 90 among the doubled/undoubled pair; such a code is
          // then an unknown code at the lookup.
          if (blindSpot && i >= CODE_PREFIX.length) expect(r.ok, swapped).toBe(true);
          else expect(r.ok, swapped).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
    // The blind spot, by hand: a code with "09" in its random part.
    const code = makeCode('0900000000000000', 'online');
    const swapped = code.slice(0, 3) + '90' + code.slice(5);
    expect(parseCode(swapped)).toMatchObject({ ok: true, kind: 'online' });
  });

  it.each([
    ['too short', '8812345678901234567'],
    ['too long', '881234567890123456789'],
    ['letters', '88123456789012345X78'],
    ['empty', ''],
    ['a hyphen', '8812-3456789012345678'],
  ])('refuses a code that is %s as format', (_what, raw) => {
    expect(parseCode(raw)).toEqual({ ok: false, reason: 'format' });
  });

  it('refuses a non-string as format', () => {
    expect(parseCode(88123 as unknown as string)).toEqual({ ok: false, reason: 'format' });
    expect(parseCode(undefined)).toEqual({ ok: false, reason: 'format' });
  });

  it('refuses codes of other payment schemes by their prefix', () => {
    // A 20-digit code with a WeChat-like (13…) or Alipay-like (28…) prefix and a valid
    // Luhn digit: the prefix, not the check digit, refuses it.
    for (const prefix of ['13', '28', '87', '89']) {
      const payload = prefix + '1' + '1234567890123456';
      expect(parseCode(payload + luhnCheckDigit(payload))).toEqual({ ok: false, reason: 'prefix' });
    }
  });

  it('refuses an unknown kind digit with a valid check digit as format', () => {
    for (const kind of ['0', '3', '9']) {
      const payload = CODE_PREFIX + kind + '1234567890123456';
      expect(parseCode(payload + luhnCheckDigit(payload))).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('makeCode refuses bad random digits or kind', () => {
    expect(() => makeCode('123', 'online')).toThrow(RangeError);
    expect(() => makeCode('12345678901234567', 'online')).toThrow(RangeError);
    expect(() => makeCode('123456789012345a', 'online')).toThrow(RangeError);
    expect(() => makeCode('1234567890123456', 'batch' as CodeKind)).toThrow(RangeError);
  });
});

describe('offline codes', () => {
  it('has a small batch and limits', () => {
    expect(OFFLINE_BATCH_SIZE).toBe(5);
    expect(offlineCodeLimits.validForMs).toBe(600_000);
    expect(offlineCodeLimits.maxPaymentFen).toBe(20_000);
  });

  it('online codes are never limited', () => {
    for (const type of ['query', 'payment', 'other', 'out_of_area'] as const) {
      expect(checkOfflineUse('online', type, 10_000_000)).toBeUndefined();
    }
  });

  it('offline codes allow a query and a small payment, up to ¥200 inclusive', () => {
    expect(checkOfflineUse('offline', 'query')).toBeUndefined();
    expect(checkOfflineUse('offline', 'payment')).toBeUndefined();
    expect(checkOfflineUse('offline', 'payment', 20_000)).toBeUndefined();
    expect(checkOfflineUse('offline', 'payment', 20_001)).toBe('offline_code_amount_limit');
    expect(checkOfflineUse('offline', 'payment', Number.NaN)).toBe('offline_code_amount_limit');
  });

  it('offline codes refuse other business types', () => {
    expect(checkOfflineUse('offline', 'other')).toBe('offline_code_business_type');
    expect(checkOfflineUse('offline', 'out_of_area', 100)).toBe('offline_code_business_type');
  });
});
