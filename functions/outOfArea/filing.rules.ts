/**
 * Out-of-area care filings (异地就医备案), as pure rules: which kinds there are, how long each
 * lasts, whether a new filing is acceptable, and whether one covers a settlement.
 *
 * Long-stay kinds (resettled retirees 异地安置退休人员, long-term residents 异地长期居住人员,
 * posted workers 常驻异地工作人员) may be open-ended. Temporary kinds (referral 转诊转院,
 * emergency 急诊抢救, other temporary stays 其他临时外出就医) end, and are valid at least six
 * months, as the national filing rules say. A person has one effective filing at a time.
 * Dates are China calendar dates `YYYY-MM-DD`; an end date is the last day covered.
 */

export type FilingKind = 'resettled_retiree' | 'long_term_resident' | 'posted_worker' | 'referral' | 'emergency' | 'temporary';
export const FILING_KINDS: readonly FilingKind[] = ['resettled_retiree', 'long_term_resident', 'posted_worker', 'referral', 'emergency', 'temporary'];
export const LONG_STAY_KINDS: readonly FilingKind[] = ['resettled_retiree', 'long_term_resident', 'posted_worker'];

export type FilingStatus = 'effective' | 'cancelled' | 'expired';

/** A temporary filing lasts at least this many months. */
export const TEMPORARY_MIN_MONTHS = 6;
/** A filing may start this many days back (filed after an emergency, 补备案) and up to a year ahead. */
export const MAX_DAYS_BACK = 90;
export const MAX_DAYS_AHEAD = 366;

export interface FilingPeriod {
  startDate: string;
  /** Absent: open-ended (long-stay kinds only). */
  endDate?: string;
}

export interface FilingRequest extends FilingPeriod {
  kind: FilingKind;
  destinationRegion: string;
}

export type FilingRefusal =
  | 'same_region'
  | 'unknown_region'
  | 'filing_end_before_start'
  | 'filing_end_required'
  | 'filing_too_short'
  | 'filing_start_out_of_range'
  | 'filing_overlaps';

const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** The date `months` months after `date`, less one day (the last day of a period of that many months); clamps to month ends. */
export function lastDayAfterMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const target = new Date(Date.UTC(y, m, 1));
  const daysInTarget = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, daysInTarget));
  target.setUTCDate(target.getUTCDate() - 1);
  return target.toISOString().slice(0, 10);
}

/** Whether two periods share a day (an open end runs forever). */
export function overlaps(a: FilingPeriod, b: FilingPeriod): boolean {
  const aEnd = a.endDate ?? '9999-12-31';
  const bEnd = b.endDate ?? '9999-12-31';
  return a.startDate <= bEnd && b.startDate <= aEnd;
}

/** The status on `today`: an effective filing whose end has passed is expired. */
export function statusOn(filing: { status: FilingStatus; endDate?: string }, today: string): FilingStatus {
  if (filing.status === 'effective' && filing.endDate !== undefined && filing.endDate < today) return 'expired';
  return filing.status;
}

/** Whether a filing covers care in `region` on `date`. */
export function covers(filing: { status: FilingStatus; destinationRegion: string } & FilingPeriod, region: string, date: string): boolean {
  return statusOn(filing, date) === 'effective' && filing.destinationRegion === region && filing.startDate <= date && (filing.endDate === undefined || date <= filing.endDate);
}

/**
 * Checks a new filing against the card's insuring region, today, the known regions and the
 * person's other filings; the first refusal, or undefined when it may be filed.
 */
export function checkFiling(
  req: FilingRequest,
  ctx: { insuringRegion: string; today: string; knownRegion: (code: string) => boolean; others: readonly ({ status: FilingStatus } & FilingPeriod)[] },
): FilingRefusal | undefined {
  if (!ctx.knownRegion(req.destinationRegion)) return 'unknown_region';
  if (req.destinationRegion === ctx.insuringRegion) return 'same_region';
  const start = dayNumber(req.startDate);
  const today = dayNumber(ctx.today);
  if (start < today - MAX_DAYS_BACK || start > today + MAX_DAYS_AHEAD) return 'filing_start_out_of_range';
  const longStay = LONG_STAY_KINDS.includes(req.kind);
  if (req.endDate === undefined) {
    if (!longStay) return 'filing_end_required';
  } else {
    if (req.endDate < req.startDate) return 'filing_end_before_start';
    if (!longStay && req.endDate < lastDayAfterMonths(req.startDate, TEMPORARY_MIN_MONTHS)) return 'filing_too_short';
  }
  if (ctx.others.some((f) => statusOn(f, ctx.today) === 'effective' && overlaps(f, req))) return 'filing_overlaps';
  return undefined;
}
