/**
 * Dynamic codes. Found by a key lookup of the code itself. A code is live only while the
 * binding it was issued through still points at it (`currentCode`, or `offlineBatch` for
 * pre-issued codes): issuing a new code voids the old one without touching it, and
 * unbinding voids them all. Expiry is checked against `expiresAt`; TTL only cleans up.
 */
import { tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';
import type { Relationship } from '../family/index.js';
import type { CodeKind } from './dynamicCode.rules.js';

export interface CodeRecord {
  code: string;
  kind: CodeKind;
  cardId: string;
  /** The binding it was issued through. */
  channelId: string;
  openid: string;
  /** For offline codes: the batch the binding must still point at. */
  batchId?: string;
  /** The card's face at issue time, so a verification needs no card read; status is re-checked. */
  idHash: string;
  maskedName: string;
  maskedIdNumber: string;
  regionCode: string;
  level: number;
  issuedAt: string;
  /** The card's codes epoch at issue (card.store codesEpoch; absent: 0). */
  cardEpoch?: number;
  expiresAt: string;
  status: 'active' | 'used';
  usedAt?: string;
  usedBy?: string;
  ttl: number;
  /**
   * Family service (亲情服务): a code a helper issued for a relative's card. The code is the
   * relative's (`cardId`); `channelId`/`openid` are the helper's session and `issuedByCardId`
   * the helper's card, so it is traceable to the helper. It is live while the family binding
   * helper → relative points at it.
   */
  issuedByCardId?: string;
  /** The relative's relationship to the helper, as bound (shown on the bill the helper confirms). */
  relationship?: Relationship;
}

export const codeKey = (code: string) => ({ pk: `CODE#${code}`, sk: 'CODE' });

export async function getCode(code: string): Promise<CodeRecord | undefined> {
  return getRecord<CodeRecord>(codeKey(code));
}

export function codePut(record: CodeRecord): TransactItem {
  return { Put: newItem(codeKey(record.code), 'code', record) };
}

/** Marks the code used, if it is still active and unexpired. */
export function consumeCodeItem(code: string, now: string, usedBy: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: codeKey(code),
      UpdateExpression: 'SET #status = :used, usedAt = :now, usedBy = :by',
      ConditionExpression: '#status = :active AND expiresAt > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':used': 'used', ':active': 'active', ':now': now, ':by': usedBy },
    },
  };
}
