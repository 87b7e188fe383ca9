import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dueAtOf,
  newCertification,
  pensionStatus,
  resolveReview,
  validUntilOf,
} from '../../../functions/pension/pension.rules.js';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
// Certification instants between 2020 and 2035, to the millisecond.
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((t) => new Date(t));

describe('addMonths / validity', () => {
  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths(at('2026-03-15T10:00:00.000Z'), 12).toISOString()).toBe('2027-03-15T10:00:00.000Z');
    expect(addMonths(at('2024-02-29T00:00:00.000Z'), 12).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths(at('2026-01-31T08:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
  });

  it('a certification is valid 12 months; due 30 days before', () => {
    const cert = newCertification(at('2026-11-23T12:00:00.000Z'), { method: 'face', faceVerificationId: 'fv_1' });
    expect(cert.validUntil).toBe('2027-11-23T12:00:00.000Z');
    expect(dueAtOf(new Date(cert.validUntil)).toISOString()).toBe('2027-10-24T12:00:00.000Z');
  });

  it('validity is between 365 and 366 days', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const days = (validUntilOf(t).getTime() - t.getTime()) / DAY;
        return days >= 365 - 3 && days <= 366;
      }),
    );
  });
});

describe('pensionStatus', () => {
  const now = at('2026-11-23T00:00:00.000Z');

  it('not a retiree: not_applicable', () => {
    expect(pensionStatus({ isPensioner: false }, now)).toEqual({ status: 'not_applicable' });
  });

  it('never certified: due now', () => {
    expect(pensionStatus({ isPensioner: true }, now)).toEqual({ status: 'due', dueAt: now.toISOString() });
  });

  it('certified until 30 days before validUntil, then due, then overdue from validUntil (property)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 * DAY }), (certifiedAt, sinceMs) => {
        const cert = newCertification(certifiedAt, { method: 'face', faceVerificationId: 'fv' });
        const validUntil = new Date(cert.validUntil).getTime();
        const dueAt = validUntil - 30 * DAY;
        const check = (t: number) => pensionStatus({ isPensioner: true, certification: cert }, new Date(t));
        // The boundaries, exactly.
        expect(check(dueAt - 1).status).toBe('certified');
        expect(check(dueAt).status).toBe('due');
        expect(check(validUntil - 1).status).toBe('due');
        expect(check(validUntil).status).toBe('overdue');
        // Any instant after certifying.
        const t = certifiedAt.getTime() + sinceMs;
        const expected = t < dueAt ? 'certified' : t < validUntil ? 'due' : 'overdue';
        const view = check(t);
        expect(view).toEqual({
          status: expected,
          certifiedAt: cert.certifiedAt,
          validUntil: cert.validUntil,
          dueAt: new Date(dueAt).toISOString(),
        });
      }),
    );
  });

  it('an open review newer than the certification shows under_review; an older one does not', () => {
    const cert = newCertification(at('2025-12-01T00:00:00.000Z'), { method: 'face', faceVerificationId: 'fv' });
    const newer = { id: 'rv_new', openedAt: '2026-11-20T00:00:00.000Z' };
    expect(pensionStatus({ isPensioner: true, certification: cert, openReview: newer }, now)).toMatchObject({
      status: 'under_review',
      reviewId: 'rv_new',
      validUntil: cert.validUntil,
    });
    expect(pensionStatus({ isPensioner: true, openReview: newer }, now)).toMatchObject({ status: 'under_review' });
    const older = { id: 'rv_old', openedAt: '2025-11-01T00:00:00.000Z' };
    expect(pensionStatus({ isPensioner: true, certification: cert, openReview: older }, now).status).toBe('due');
  });

  it('a non-retiree is not_applicable even with a review open', () => {
    expect(pensionStatus({ isPensioner: false, openReview: { id: 'x', openedAt: now.toISOString() } }, now).status).toBe(
      'not_applicable',
    );
  });
});

describe('resolveReview', () => {
  const t = at('2026-11-23T08:00:00.000Z');

  it('approving an open pension case certifies for 12 months', () => {
    const out = resolveReview({ id: 'rv_1', purpose: 'pension', status: 'open' }, 'approve', t);
    expect(out).toEqual({
      ok: true,
      certification: { certifiedAt: t.toISOString(), validUntil: '2027-11-23T08:00:00.000Z', method: 'review', reviewId: 'rv_1' },
    });
  });

  it('rejecting, or approving another purpose, writes no certification', () => {
    expect(resolveReview({ id: 'rv_1', purpose: 'pension', status: 'open' }, 'reject', t)).toEqual({ ok: true });
    expect(resolveReview({ id: 'rv_2', purpose: 'unlock', status: 'open' }, 'approve', t)).toEqual({ ok: true });
  });

  it('a resolved case cannot be resolved again', () => {
    expect(resolveReview({ id: 'rv_1', purpose: 'pension', status: 'resolved' }, 'approve', t)).toEqual({
      ok: false,
      code: 'review_not_open',
    });
  });
});
