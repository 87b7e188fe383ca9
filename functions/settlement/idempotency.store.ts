/**
 * Idempotency records of money-moving terminal calls, written in the SAME transaction as
 * the money movement: either both exist or neither, so a retry can never move money twice.
 */
import { newItem, type TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';

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
  return getRecord<IdempotencyRecord>(idempotencyKey(institutionId, key));
}

export function idempotencyPut(r: IdempotencyRecord): TransactItem {
  return { Put: newItem(idempotencyKey(r.institutionId, r.key), 'idempotency', r) };
}
