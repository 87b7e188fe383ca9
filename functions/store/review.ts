/** Manual review cases, opened when a person keeps failing the face check. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
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
  return (out.Items ?? []).map(
    ({ pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, ...rest }) => rest as ReviewRecord,
  );
}
