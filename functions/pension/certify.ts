/**
 * Pension eligibility certification (待遇资格认证) for the holder's own card or, through the
 * family binding, a bound relative's (the relative's face on the helper's phone): the status
 * the app shows, certifying with a passed face check of purpose 'pension', and an operator
 * resolving the review case opened after 3 failed face checks.
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceUsedProblem, findOpenReview, getReview, requirePassedFace, resolveReviewItem, useFace, type ReviewRecord } from '../face/index.js';
import { subjectOf } from '../family/index.js';
import { pensionErrors } from './errors.js';
import { newCertification, pensionStatus, resolveReview as decideResolution, type PensionView, type ReviewDecision } from './pension.rules.js';
import { getPensionCertification, putPensionCertificationItem } from './pension.store.js';
import { holderEventPart, reminderPut } from '../notifications/index.js';

/** The holder is reminded this many days before the certification is due. */
const PENSION_REMINDER_DAYS = 30;

export async function pensionCertificationStatus(session: Session, subjectCardId?: string): Promise<PensionView> {
  const { person } = await subjectOf(session, subjectCardId);
  const isPensioner = person.personType === 'retiree';
  if (!isPensioner) return pensionStatus({ isPensioner }, now());
  const [certification, review] = await Promise.all([
    getPensionCertification(person.idHash),
    findOpenReview(person.idHash, 'pension'),
  ]);
  return pensionStatus(
    { isPensioner, certification, openReview: review ? { id: review.id, openedAt: review.openedAt } : undefined },
    now(),
  );
}

/** Consumes a passed 'pension' face check of the holder and records the certification, in one transaction. */
export async function certifyPension(
  session: Session,
  faceVerificationId: string,
  subjectCardId?: string,
): Promise<PensionView> {
  const { card, person, family } = await subjectOf(session, subjectCardId);
  const cardId = card.cardId;
  if (person.personType !== 'retiree') throw pensionErrors.problem('not_a_pensioner');
  const at = now();
  const face = await requirePassedFace(session, faceVerificationId, 'pension', person.idHash, at);
  const cert = newCertification(at, { method: 'face', faceVerificationId, ...(family ? { byHelperCardId: family.helperCardId } : {}) });
  const refusal = await attemptTransact([
    ['face', useFace(face, at, `pension:${cardId}`)],
    ['certification', putPensionCertificationItem(person.idHash, cert)],
    // The next certification's reminders: 30 days before it is due, and when it is overdue.
    ['dueReminder', reminderPut('pension_due', cardId, new Date(new Date(cert.validUntil).getTime() - PENSION_REMINDER_DAYS * 86_400_000), { dueDate: cert.validUntil.slice(0, 10) })],
    ['overdueReminder', reminderPut('pension_overdue', cardId, new Date(cert.validUntil))],
    ['notice', family && holderEventPart('family_certified', cardId, at, { relationship: family.relationship })],
  ]);
  if (refusal) throw faceUsedProblem();
  logger.info('pension certified', { cardId, channelId: session.channelId, method: 'face', byHelper: family ? family.helperCardId : undefined });
  return pensionStatus({ isPensioner: true, certification: cert }, at);
}

/**
 * An operator's decision on an open review case. Approving a pension case also writes a
 * certification valid 12 months, in the same transaction; only an open case can be
 * resolved, and only once (the write is conditional).
 */
export async function resolvePensionReview(
  reviewId: string,
  decision: ReviewDecision,
  opts: { note?: string; operator?: string } = {},
): Promise<ReviewRecord> {
  const review = await getReview(reviewId);
  if (!review) throw pensionErrors.problem('review_not_found');
  const at = now();
  const outcome = decideResolution(review, decision, at);
  if (!outcome.ok) throw pensionErrors.problem('review_not_open');
  const resolution = { decision, note: opts.note, resolvedAt: at.toISOString(), resolvedBy: opts.operator ?? 'operator' };
  const refusal = await attemptTransact([
    ['review', resolveReviewItem(review, resolution)],
    ['certification', outcome.certification && putPensionCertificationItem(review.subjectIdHash, outcome.certification)],
  ]);
  if (refusal) throw pensionErrors.problem('review_not_open');
  logger.info('review resolved', { reviewId, decision, purpose: review.purpose });
  return { ...review, status: 'resolved', ...resolution };
}
