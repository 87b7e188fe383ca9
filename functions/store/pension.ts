/**
 * Pension certifications: one item per person, `PERSON#<idHash>` / `PENSIONCERT`, holding
 * the latest certification. Also the review reads and the resolution write that pension
 * certification needs (review items are owned by store/review.ts: its key and GSI layout).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../lib/ddb.js';
import type { PensionCertification, ReviewDecision } from '../domain/pension.js';
import { reviewKey, type ReviewRecord } from './review.js';
import type { FacePurpose } from './faceVerification.js';

export const pensionCertKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'PENSIONCERT' });

export async function getPensionCertification(idHash: string): Promise<PensionCertification | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: pensionCertKey(idHash), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, idHash: _idHash, ...rest } = out.Item;
  return rest as PensionCertification;
}

/** The transaction item that records a certification (the latest one replaces the one before). */
export function putPensionCertificationItem(idHash: string, cert: PensionCertification) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...pensionCertKey(idHash), type: 'pensionCertification', idHash, ...cert },
    },
  };
}

export type StoredReview = ReviewRecord & {
  decision?: ReviewDecision;
  note?: string;
  resolvedAt?: string;
  resolvedBy?: string;
};

function fromItem(item: Record<string, unknown>): StoredReview {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as unknown as StoredReview;
}

export async function getReview(id: string): Promise<StoredReview | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: reviewKey(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/**
 * The newest open review case of a person for a purpose. A query of the open cases'
 * index partition (kept small: cases are resolved), filtered to the person.
 */
export async function findOpenReview(idHash: string, purpose: FacePurpose): Promise<StoredReview | undefined> {
  let start: Record<string, unknown> | undefined;
  let newest: StoredReview | undefined;
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

/** Reviews by status, newest first, with the resolution fields. */
export async function listStoredReviews(status: 'open' | 'resolved', limit = 50): Promise<StoredReview[]> {
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

/** The transaction item that resolves an open review, once: a second resolution fails its condition. */
export function resolveReviewItem(
  review: Pick<ReviewRecord, 'id' | 'openedAt'>,
  resolution: { decision: ReviewDecision; note?: string; resolvedAt: string; resolvedBy: string },
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
