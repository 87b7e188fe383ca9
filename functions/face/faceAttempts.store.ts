/**
 * Face failures per person, purpose and day (China time). The third failure locks that
 * purpose for the day and opens a manual review case, in the same transaction.
 */
import { tableName } from '../core/table/ddb.js';
import { getItem } from '../core/table/records.js';
import type { TransactItem } from '../core/table/item.js';
import type { FacePurpose } from './faceVerification.store.js';

export const MAX_FACE_FAILURES_PER_DAY = 3;

export const faceFailuresKey = (idHash: string, purpose: FacePurpose, day: string) => ({
  pk: `FACEFAIL#${idHash}#${purpose}#${day}`,
  sk: 'COUNT',
});

export async function getFaceFailures(idHash: string, purpose: FacePurpose, day: string): Promise<number> {
  return ((await getItem(faceFailuresKey(idHash, purpose, day)))?.count as number | undefined) ?? 0;
}

/** Adds one failure; refuses (condition) past the limit, so the count never exceeds it. */
export function addFaceFailureItem(idHash: string, purpose: FacePurpose, day: string, ttl: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: faceFailuresKey(idHash, purpose, day),
      UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD #count :one',
      ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
      ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':max': MAX_FACE_FAILURES_PER_DAY, ':ttl': ttl, ':type': 'faceFailures' },
    },
  };
}
