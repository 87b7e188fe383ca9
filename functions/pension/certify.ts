/**
 * Pension eligibility certification (待遇资格认证) for the holder's own card or, through the
 * family binding, a bound relative's (the relative's face on the helper's phone): the status
 * the app shows, certifying with a passed face check of purpose 'pension', and an operator
 * resolving the review case opened after 3 failed face checks.
 */
import { now } from '../core/clock.js';
import { TransactionRefused, transactWrite } from '../core/table/ddb.js';
import { logger } from '../core/logger.js';
import { Conflict, NotFound, Unprocessable } from '../core/problem.js';
import { checkFaceUse, FACE_REFUSAL_DETAIL } from '../face/faceCheck.rules.js';
import { newCertification, pensionStatus, resolveReview as decideResolution, type PensionView, type ReviewDecision } from './pension.rules.js';
import type { Session } from '../core/session/sessionToken.js';
import { getFaceVerification, useFaceVerificationItem } from '../face/faceVerification.store.js';
import { getPensionCertification, putPensionCertificationItem } from './pension.store.js';
import { findOpenReview, getReview, resolveReviewItem, type ReviewRecord } from '../face/review.store.js';
import { subjectOf } from '../holder/subject.js';

export class NotAPensioner extends Unprocessable {
  override name = 'NotAPensioner';
  constructor() {
    super('not_a_pensioner', '待遇资格认证仅适用于领取养老金的退休人员。');
  }
}

export class ReviewNotFound extends NotFound {
  override name = 'ReviewNotFound';
  constructor() {
    super('review_not_found', '未找到该审核案件。');
  }
}

export class ReviewNotOpen extends Conflict {
  override name = 'ReviewNotOpen';
  constructor() {
    super('review_not_open', '该审核案件已处理。');
  }
}

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
  if (person.personType !== 'retiree') throw new NotAPensioner();
  const at = now();
  const face = await getFaceVerification(faceVerificationId);
  const refusal = checkFaceUse(
    face,
    { purpose: 'pension', channelId: session.channelId, openid: session.openid, subjectIdHash: person.idHash },
    at,
  );
  if (refusal) {
    throw new Unprocessable(refusal, FACE_REFUSAL_DETAIL[refusal], [{ field: 'faceVerificationId', message: refusal }]);
  }
  const cert = newCertification(at, { method: 'face', faceVerificationId, ...(family ? { byHelperCardId: family.helperCardId } : {}) });
  try {
    await transactWrite([
      useFaceVerificationItem(face!, at.toISOString(), `pension:${cardId}`),
      putPensionCertificationItem(person.idHash, cert),
    ]);
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(0)) {
      throw new Unprocessable('face_verification_used', FACE_REFUSAL_DETAIL.face_verification_used, [
        { field: 'faceVerificationId', message: 'already used' },
      ]);
    }
    throw err;
  }
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
  if (!review) throw new ReviewNotFound();
  const at = now();
  const outcome = decideResolution(review, decision, at);
  if (!outcome.ok) throw new ReviewNotOpen();
  const resolution = { decision, note: opts.note, resolvedAt: at.toISOString(), resolvedBy: opts.operator ?? 'operator' };
  const items: object[] = [resolveReviewItem(review, resolution)];
  if (outcome.certification) items.push(putPensionCertificationItem(review.subjectIdHash, outcome.certification));
  try {
    await transactWrite(items);
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(0)) throw new ReviewNotOpen();
    throw err;
  }
  logger.info('review resolved', { reviewId, decision, purpose: review.purpose });
  return { ...review, status: 'resolved', ...resolution };
}
