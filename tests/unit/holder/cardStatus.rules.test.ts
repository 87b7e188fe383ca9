import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideLift, decideLossReport, effectiveStatus } from '../../../functions/holder/cardStatus.rules.js';
import type { CardStatus } from '../../../functions/holder/card.store.js';

const t0 = new Date('2026-11-23T00:00:00Z');
const day = 86_400_000;

describe('card status rules', () => {
  it('a temporary report lapses exactly after 7 days', () => {
    const d = decideLossReport({ status: 'normal' }, 'temporary', t0);
    if (!d.ok) throw new Error('expected ok');
    const card = { status: d.status, lossReport: d.lossReport };
    expect(effectiveStatus(card, new Date(t0.getTime() + 7 * day - 1))).toBe('lost_temporary');
    expect(effectiveStatus(card, new Date(t0.getTime() + 7 * day))).toBe('normal');
  });

  it('a formal report never lapses and is never downgraded', () => {
    const d = decideLossReport({ status: 'normal' }, 'formal', t0);
    if (!d.ok) throw new Error('expected ok');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), (days) => {
        expect(effectiveStatus({ status: d.status, lossReport: d.lossReport }, new Date(t0.getTime() + days * day))).toBe('lost_formal');
      }),
    );
    expect(decideLossReport({ status: 'lost_formal', lossReport: d.lossReport }, 'temporary', t0)).toMatchObject({
      ok: false,
      code: 'already_reported',
    });
  });

  it('a temporary report can be upgraded to formal', () => {
    const tmp = decideLossReport({ status: 'normal' }, 'temporary', t0);
    if (!tmp.ok) throw new Error('expected ok');
    expect(decideLossReport({ status: tmp.status, lossReport: tmp.lossReport }, 'formal', t0)).toMatchObject({ ok: true, status: 'lost_formal' });
  });

  it('cancelled cards are neither reported nor lifted; a normal one has nothing to lift', () => {
    expect(decideLossReport({ status: 'cancelled' }, 'formal', t0)).toMatchObject({ ok: false, code: 'card_cancelled' });
    expect(decideLift({ status: 'cancelled' }, t0)).toMatchObject({ ok: false, code: 'card_cancelled' });
    expect(decideLift({ status: 'normal' }, t0)).toMatchObject({ ok: false, code: 'not_reported' });
    for (const status of ['lost_temporary', 'lost_formal'] as CardStatus[]) {
      expect(decideLift({ status, lossReport: { kind: 'formal', reportedAt: t0.toISOString() } }, t0)).toEqual({ ok: true });
    }
  });
});
