/**
 * Card status rules. A temporary loss report lapses after 7 days on its own: the stored
 * status stays until the next write, so every reader goes through `effectiveStatus`.
 */
import type { CardRecord, CardStatus, LossReport } from './card.store.js';

export const TEMPORARY_LOSS_DAYS = 7;

export function effectiveStatus(card: Pick<CardRecord, 'status' | 'lossReport'>, now: Date): CardStatus {
  if (card.status === 'lost_temporary' && card.lossReport?.expiresAt && card.lossReport.expiresAt <= now.toISOString()) {
    return 'normal';
  }
  return card.status;
}

export function isUsable(card: Pick<CardRecord, 'status' | 'lossReport'>, now: Date): boolean {
  return effectiveStatus(card, now) === 'normal';
}

export type LossReportDecision =
  | { ok: true; status: CardStatus; lossReport: LossReport }
  | { ok: false; code: 'card_cancelled' | 'already_reported' };

/**
 * A holder may report loss of a normal card, or upgrade a temporary report to a formal
 * one; a formal report is never downgraded, and a cancelled card can't be reported.
 */
export function decideLossReport(
  card: Pick<CardRecord, 'status' | 'lossReport'>,
  kind: 'temporary' | 'formal',
  now: Date,
): LossReportDecision {
  const current = effectiveStatus(card, now);
  if (current === 'cancelled') return { ok: false, code: 'card_cancelled' };
  if (current === 'lost_formal' || (current === 'lost_temporary' && kind === 'temporary')) {
    return { ok: false, code: 'already_reported' };
  }
  const reportedAt = now.toISOString();
  if (kind === 'temporary') {
    const expiresAt = new Date(now.getTime() + TEMPORARY_LOSS_DAYS * 86_400_000).toISOString();
    return { ok: true, status: 'lost_temporary', lossReport: { kind, reportedAt, expiresAt } };
  }
  return { ok: true, status: 'lost_formal', lossReport: { kind, reportedAt } };
}

export type LiftDecision = { ok: true } | { ok: false; code: 'not_reported' | 'card_cancelled' };

export function decideLift(card: Pick<CardRecord, 'status' | 'lossReport'>, now: Date): LiftDecision {
  const current = effectiveStatus(card, now);
  if (current === 'cancelled') return { ok: false, code: 'card_cancelled' };
  if (current === 'normal') return { ok: false, code: 'not_reported' };
  return { ok: true };
}
