/**
 * Pension eligibility certification (待遇资格认证): a retiree proves by face, once a year,
 * that they are alive. Pure rules: when a certification runs out, what the app shows, and
 * how an operator's decision on a review case turns into a certification.
 */

export const VALID_MONTHS = 12;
export const DUE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export type PensionStatus = 'certified' | 'due' | 'overdue' | 'not_applicable' | 'under_review';

export interface PensionCertification {
  certifiedAt: string;
  validUntil: string;
  /** How: the pensioner's own face check, or an operator resolving a review case. */
  method: 'face' | 'review';
  faceVerificationId?: string;
  /** The face check was done on a family helper's phone, through their binding. */
  byHelperCardId?: string;
  reviewId?: string;
}

export interface OpenReview {
  id: string;
  openedAt: string;
}

export interface PensionView {
  status: PensionStatus;
  certifiedAt?: string;
  validUntil?: string;
  dueAt?: string;
  reviewId?: string;
}

/** The same instant `months` calendar months later (UTC); the 31st becomes the month's last day. */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** A certification made at `at` is valid until 12 months later. */
export function validUntilOf(at: Date): Date {
  return addMonths(at, VALID_MONTHS);
}

/** The next certification is due 30 days before the current one runs out. */
export function dueAtOf(validUntil: Date): Date {
  return new Date(validUntil.getTime() - DUE_WINDOW_DAYS * DAY_MS);
}

export function newCertification(
  at: Date,
  how: { method: 'face'; faceVerificationId: string; byHelperCardId?: string } | { method: 'review'; reviewId: string },
): PensionCertification {
  return { certifiedAt: at.toISOString(), validUntil: validUntilOf(at).toISOString(), ...how };
}

/**
 * What the app shows. Not a retiree: not_applicable. An open review case newer than the
 * last certification: under_review. Never certified: due now. Otherwise certified until 30
 * days before validUntil, due in those 30 days, overdue from validUntil on.
 */
export function pensionStatus(
  input: { isPensioner: boolean; certification?: PensionCertification; openReview?: OpenReview },
  now: Date,
): PensionView {
  if (!input.isPensioner) return { status: 'not_applicable' };
  const cert = input.certification;
  const certFields = cert ? { certifiedAt: cert.certifiedAt, validUntil: cert.validUntil } : {};
  const dueAt = cert ? dueAtOf(new Date(cert.validUntil)) : now;
  if (input.openReview && (!cert || input.openReview.openedAt > cert.certifiedAt)) {
    return { status: 'under_review', ...certFields, dueAt: dueAt.toISOString(), reviewId: input.openReview.id };
  }
  if (!cert) return { status: 'due', dueAt: now.toISOString() };
  const t = now.getTime();
  const status: PensionStatus =
    t < dueAt.getTime() ? 'certified' : t < new Date(cert.validUntil).getTime() ? 'due' : 'overdue';
  return { status, ...certFields, dueAt: dueAt.toISOString() };
}

export type ReviewDecision = 'approve' | 'reject';

/** What resolving a review writes: the resolution, and for an approved pension case a certification. */
export function resolveReview(
  review: { id: string; purpose: string; status: 'open' | 'resolved' },
  decision: ReviewDecision,
  at: Date,
): { ok: true; certification?: PensionCertification } | { ok: false; code: 'review_not_open' } {
  if (review.status !== 'open') return { ok: false, code: 'review_not_open' };
  if (decision === 'approve' && review.purpose === 'pension') {
    return { ok: true, certification: newCertification(at, { method: 'review', reviewId: review.id }) };
  }
  return { ok: true };
}
