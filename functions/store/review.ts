/** Manual review cases, opened when a person keeps failing the face check. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../lib/ddb.js';
import type { FacePurpose } from './faceVerification.js';

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

function fromItem(item: Record<string, unknown>): ReviewRecord {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as unknown as ReviewRecord;
}

export const reviewKey = (id: string) => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' });

/** Put-if-absent: the review id is derived from the day's counter, so it opens once. */
export function openReviewItem(review: ReviewRecord) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...reviewKey(review.id),
        type: 'review',
        gsi1pk: `REVIEWS#${review.status}`,
        gsi1sk: `${review.openedAt}#${review.id}`,
        ...review,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Reviews by status, newest first. */
export async function listReviews(status: 'open' | 'resolved', limit = 50): Promise<ReviewRecord[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `REVIEWS#${status}` },
      Limit: limit,
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map(fromItem);
}

export async function getReview(id: string): Promise<ReviewRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: reviewKey(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/**
 * The newest open review case of a person for a purpose. A query of the open cases'
 * index partition (kept small: cases are resolved), filtered to the person.
 */
export async function findOpenReview(idHash: string, purpose: FacePurpose): Promise<ReviewRecord | undefined> {
  let start: Record<string, unknown> | undefined;
  let newest: ReviewRecord | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: 'subjectIdHash = :h AND purpose = :purpose',
        ExpressionAttributeValues: { ':pk': 'REVIEWS#open', ':h': idHash, ':purpose': purpose },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const review = fromItem(item);
      if (!newest || review.openedAt > newest.openedAt) newest = review;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return newest;
}

/** The transaction item that resolves an open review, once: a second resolution fails its condition. */
export function resolveReviewItem(
  review: Pick<ReviewRecord, 'id'>,
  resolution: { decision: 'approve' | 'reject'; note?: string; resolvedAt: string; resolvedBy: string },
) {
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
