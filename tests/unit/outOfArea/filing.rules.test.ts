import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFiling, covers, lastDayAfterMonths, overlaps, statusOn, type FilingKind } from '../../../functions/outOfArea/filing.rules.js';

const TODAY = '2026-12-02';
const ctx = (others: Parameters<typeof checkFiling>[1]['others'] = []) => ({ insuringRegion: '320100', today: TODAY, knownRegion: (c: string) => ['320100', '310100', '110100'].includes(c), others });
const dayArb = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('filing rules', () => {
  it('refuses its own region, unknown regions, ends before starts, short temporary stays, starts out of range, overlaps', () => {
    const base = { destinationRegion: '310100', kind: 'resettled_retiree' as FilingKind, startDate: TODAY };
    expect(checkFiling(base, ctx())).toBeUndefined();
    expect(checkFiling({ ...base, destinationRegion: '320100' }, ctx())).toBe('same_region');
    expect(checkFiling({ ...base, destinationRegion: '999999' }, ctx())).toBe('unknown_region');
    expect(checkFiling({ ...base, endDate: '2026-12-01' }, ctx())).toBe('filing_end_before_start');
    expect(checkFiling({ ...base, kind: 'temporary' }, ctx())).toBe('filing_end_required');
    expect(checkFiling({ ...base, kind: 'temporary', endDate: '2027-05-31' }, ctx())).toBe('filing_too_short');
    expect(checkFiling({ ...base, kind: 'temporary', endDate: lastDayAfterMonths(TODAY, 6) }, ctx())).toBeUndefined();
    expect(checkFiling({ ...base, startDate: '2026-08-01' }, ctx())).toBe('filing_start_out_of_range');
    expect(checkFiling({ ...base, startDate: '2028-01-01' }, ctx())).toBe('filing_start_out_of_range');
    expect(checkFiling(base, ctx([{ status: 'effective', startDate: '2026-11-01' }]))).toBe('filing_overlaps');
    // A cancelled or expired one is no obstacle.
    expect(checkFiling(base, ctx([{ status: 'cancelled', startDate: '2026-11-01' }]))).toBeUndefined();
    expect(checkFiling(base, ctx([{ status: 'effective', startDate: '2026-01-01', endDate: '2026-11-30' }]))).toBeUndefined();
  });

  it('six months: the last day of the period, month ends clamped', () => {
    expect(lastDayAfterMonths('2026-12-02', 6)).toBe('2027-06-01');
    expect(lastDayAfterMonths('2026-08-31', 6)).toBe('2027-02-27');
    expect(lastDayAfterMonths('2027-01-01', 6)).toBe('2027-06-30');
  });

  it('overlap is symmetric and an open end runs forever; a filing covers exactly its region and days while effective', () => {
    const periodArb = fc.tuple(dayArb, fc.option(dayArb, { nil: undefined })).map(([a, b]) => (b === undefined ? { startDate: a } : a <= b ? { startDate: a, endDate: b } : { startDate: b, endDate: a }));
    fc.assert(
      fc.property(periodArb, periodArb, dayArb, (a, b, day) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        const inA = a.startDate <= day && (a.endDate === undefined || day <= a.endDate);
        const inB = b.startDate <= day && (b.endDate === undefined || day <= b.endDate);
        if (inA && inB) expect(overlaps(a, b)).toBe(true);
        const filing = { ...a, status: 'effective' as const, destinationRegion: '310100' };
        expect(covers(filing, '310100', day)).toBe(inA);
        expect(covers(filing, '110100', day)).toBe(false);
        expect(covers({ ...filing, status: 'cancelled' }, '310100', day)).toBe(false);
        if (a.endDate !== undefined && a.endDate < day) expect(statusOn(filing, day)).toBe('expired');
      }),
      { numRuns: 300 },
    );
  });
});
