/**
 * Dynamic codes. Found by a key lookup of the code itself. A code is live only while the
 * binding it was issued through still points at it (`currentCode`, or `offlineBatch` for
 * pre-issued codes): issuing a new code voids the old one without touching it, and
 * unbinding voids them all. Expiry is checked against `expiresAt`; TTL only cleans up.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
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
  expiresAt: string;
  status: 'active' | 'used';
  usedAt?: string;
  usedBy?: string;
  ttl: number;
}

export const codeKey = (code: string) => ({ pk: `CODE#${code}`, sk: 'CODE' });

export async function getCode(code: string): Promise<CodeRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: codeKey(code), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ...rest } = out.Item;
  return rest as CodeRecord;
}

export function codePut(record: CodeRecord) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...codeKey(record.code), type: 'code', ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Marks the code used, if it is still active and unexpired. */
export function consumeCodeItem(code: string, now: string, usedBy: string) {
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
