/**
 * Manual review cases, opened when a person keeps failing the face check:
 *   - `REVIEW#<id>` / `REVIEW`, listed by status through gsi1 `REVIEWS#<status>` (operators);
 *   - `PERSON#<idHash>` / `OPENREVIEW#<purpose>`: a pointer to the person's newest case of a
 *     purpose, written with the case (a newer case overwrites it), so the app's status read
 *     is two GetItems however many cases are open. The case's own status says whether it is
 *     still open; the pointer is never deleted.
 */
import { tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getItem, getRecord, queryIndex } from '../core/table/records.js';
import type { FacePurpose } from './faceVerification.store.js';

export interface ReviewRecord {
  id: string;
  kind: 'face_failures';
  purpose: FacePurpose;
  subjectIdHash: string;
  channelId: string;
  status: 'open' | 'resolved';
  openedAt: string;
  /** Set when an operator resolves the case. */
  decision?: 'approve' | 'reject';
  note?: string;
  resolvedAt?: string;
  resolvedBy?: string;
}

export const reviewKey = (id: string) => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' });
export const openReviewPointerKey = (idHash: string, purpose: FacePurpose) => ({ pk: `PERSON#${idHash}`, sk: `OPENREVIEW#${purpose}` });

/**
 * The items that open a case: the case (put-if-absent: its id is derived from the day's
 * counter, so it opens once) and the person's pointer to their newest open case.
 */
export function openReviewItems(review: ReviewRecord): TransactItem[] {
  return [openReviewPut(review), openReviewPointerPut(review)];
}

function openReviewPointerPut(review: ReviewRecord): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...openReviewPointerKey(review.subjectIdHash, review.purpose), type: 'openReview', reviewId: review.id, openedAt: review.openedAt },
    },
  };
}

function openReviewPut(review: ReviewRecord): TransactItem {
  return { Put: newItem(reviewKey(review.id), 'review', review, { gsi1pk: `REVIEWS#${review.status}`, gsi1sk: `${review.openedAt}#${review.id}` }) };
}

/** Reviews by status, newest first. */
export async function listReviews(status: 'open' | 'resolved', limit = 50): Promise<ReviewRecord[]> {
  return queryIndex<ReviewRecord>(`REVIEWS#${status}`, { limit, newestFirst: true });
}

export async function getReview(id: string): Promise<ReviewRecord | undefined> {
  return getRecord<ReviewRecord>(reviewKey(id));
}

/** The person's newest case of a purpose, if it is still open: the pointer, then the case. */
export async function findOpenReview(idHash: string, purpose: FacePurpose): Promise<ReviewRecord | undefined> {
  const pointer = await getItem(openReviewPointerKey(idHash, purpose));
  const reviewId = pointer?.reviewId as string | undefined;
  if (!reviewId) return undefined;
  const review = await getReview(reviewId);
  return review?.status === 'open' ? review : undefined;
}

/** The transaction item that resolves an open review, once: a second resolution fails its condition. */
export function resolveReviewItem(
  review: Pick<ReviewRecord, 'id'>,
  resolution: { decision: 'approve' | 'reject'; note?: string; resolvedAt: string; resolvedBy: string },
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: reviewKey(review.id),
      UpdateExpression:
        'SET #s = :resolved, gsi1pk = :gpk, gsi1sk = :gsk, decision = :decision, resolvedAt = :at, resolvedBy = :by' +
        (resolution.note !== undefined ? ', note = :note' : ''),
      ConditionExpression: 'attribute_exists(pk) AND #s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':resolved': 'resolved',
        ':open': 'open',
        ':gpk': 'REVIEWS#resolved',
        ':gsk': `${resolution.resolvedAt}#${review.id}`,
        ':decision': resolution.decision,
        ':at': resolution.resolvedAt,
        ':by': resolution.resolvedBy,
        ...(resolution.note !== undefined ? { ':note': resolution.note } : {}),
      },
    },
  };
}
