import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { isCalendarDay, isoDate } from '../../../functions/core/schemas.js';

describe('isoDate (issue 9: strict dates)', () => {
  it('refuses days that do not exist', () => {
    for (const bad of ['2026-13-45', '2026-02-29', '2026-04-31', '2026-00-10', '2026-01-00', '2026-1-5', '20260105']) {
      expect(z.safeParse(isoDate, bad).success, bad).toBe(false);
    }
    for (const good of ['2026-12-01', '2024-02-29', '2000-02-29', '1999-12-31']) expect(z.safeParse(isoDate, good).success, good).toBe(true);
  });

  it('agrees with the calendar for every day of four centuries', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2299-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(isCalendarDay(d.toISOString().slice(0, 10))).toBe(true);
      }),
    );
  });
});
