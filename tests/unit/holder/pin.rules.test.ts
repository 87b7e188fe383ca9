import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkPin } from '../../../functions/holder/pin.rules.js';
import { makeIdNumber } from '../../../functions/holder/idNumber.rules.js';

// Born 1978-05-12 in 南京市; digits chosen to share nothing with the example PINs below.
const ID = makeIdNumber('320100', '1978-05-12', 123); // 320100197805121232

const pin6 = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

function isRun(pin: string): boolean {
  const diffs = [...pin].slice(1).map((c, i) => Number(c) - Number(pin[i]));
  return diffs.every((d) => d === 1) || diffs.every((d) => d === -1);
}

describe('checkPin', () => {
  it('accepts ordinary PINs, including the demo PIN', () => {
    for (const pin of ['135790', '246813', '907531', '482915', '123321', '147258', '890123']) {
      expect(checkPin(pin, ID), pin).toEqual({ ok: true });
    }
  });

  it.each(['12345', '1234567', '12345a', ' 13579', '135790 ', '１３５７９０', '', '13.579'])(
    'refuses the format of %j',
    (pin) => {
      expect(checkPin(pin, ID)).toMatchObject({ ok: false, rule: 'format' });
    },
  );

  it('refuses a non-string PIN as format', () => {
    expect(checkPin(135790 as unknown as string, ID)).toMatchObject({ ok: false, rule: 'format' });
  });

  it.each(['012345', '123456', '234567', '345678', '456789', '987654', '876543', '654321', '543210'])(
    'refuses the run %s',
    (pin) => {
      expect(checkPin(pin, ID)).toMatchObject({ ok: false, rule: 'sequential' });
    },
  );

  it.each(['000000', '111111', '999999', '121212', '909090', '123123', '520520', '112233', '998877'])(
    'refuses the repetition %s',
    (pin) => {
      expect(checkPin(pin, ID)).toMatchObject({ ok: false, rule: 'repeated' });
    },
  );

  it('refuses every 6 consecutive digits of the ID number', () => {
    // All 13 windows are digits only (the check character is a digit here), and none of
    // them is a run or a repetition, so each must be refused for coming from the ID.
    expect(ID).toMatch(/^\d{18}$/);
    for (let i = 0; i + 6 <= ID.length; i++) {
      const pin = ID.slice(i, i + 6);
      expect(checkPin(pin, ID), pin).toMatchObject({ ok: false, rule: 'from_id_number' });
    }
    // The birth date YYMMDD and the last 6 in particular.
    expect(checkPin('780512', ID)).toMatchObject({ ok: false, rule: 'from_id_number' });
    expect(checkPin('121232', ID)).toMatchObject({ ok: false, rule: 'from_id_number' });
  });

  it('compares against the ID number as typed, lowercase x and spaces included', () => {
    const withX = '11010519491231002x';
    expect(checkPin('491231', withX)).toMatchObject({ ok: false, rule: 'from_id_number' });
    expect(checkPin('491231', ' 110105 19491231 002X ')).toMatchObject({ ok: false, rule: 'from_id_number' });
    expect(checkPin('491231', ID)).toEqual({ ok: true });
  });

  it('rejects exactly 2,080 PINs as repeated and 10 as sequential, of the 1,000,000', () => {
    const counts: Record<string, number> = {};
    for (let n = 0; n < 1_000_000; n++) {
      const r = checkPin(String(n).padStart(6, '0'), '');
      if (!r.ok) counts[r.rule] = (counts[r.rule] ?? 0) + 1;
    }
    expect(counts).toEqual({ sequential: 10, repeated: 2080 });
  });

  it('only accepts PINs that are not runs, not all one digit and not in the ID number', () => {
    fc.assert(
      fc.property(pin6, fc.constantFrom(ID, '11010519491231002X', '440300200001011231'), (pin, id) => {
        const r = checkPin(pin, id);
        if (r.ok) {
          expect(isRun(pin)).toBe(false);
          expect(new Set(pin).size).toBeGreaterThan(1);
          expect(id.includes(pin)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects any PIN drawn from an ID number, whatever else it is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('110100', '320100', '440300'),
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 11 }),
        (region, date, seq, start) => {
          const id = makeIdNumber(region, date.toISOString().slice(0, 10), seq);
          expect(checkPin(id.slice(start, start + 6), id).ok).toBe(false);
        },
      ),
    );
  });

  it('never echoes the PIN in a message', () => {
    fc.assert(
      fc.property(fc.oneof(pin6, fc.string({ maxLength: 10 })), (pin) => {
        const r = checkPin(pin, ID);
        if (!r.ok) {
          // No two digits in a row: a message cannot contain the PIN or any part of it longer than 1.
          expect(r.message).not.toMatch(/\d{2}/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
