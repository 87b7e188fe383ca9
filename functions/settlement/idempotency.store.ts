/**
 * Idempotency records of money-moving terminal calls, written in the SAME transaction as
 * the money movement: either both exist or neither, so a retry can never move money twice.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { fromItem, type TransactItem } from '../core/table/item.js';

export interface IdempotencyRecord {
  institutionId: string;
  key: string;
  operation: 'settle' | 'reversal';
  settlementId: string;
  requestHash: string;
  createdAt: string;
  ttl: number;
}

export const idempotencyKey = (institutionId: string, key: string) => ({ pk: `IDEMP#${institutionId}#${key}`, sk: 'IDEMP' });

export async function getIdempotency(institutionId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: idempotencyKey(institutionId, key), ConsistentRead: true }));
  return out.Item ? fromItem<IdempotencyRecord>(out.Item) : undefined;
}

export function idempotencyPut(r: IdempotencyRecord): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...idempotencyKey(r.institutionId, r.key), type: 'idempotency', ...r },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
