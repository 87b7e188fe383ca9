/**
 * Pension certifications: one item per person, `PERSON#<idHash>` / `PENSIONCERT`, holding
 * the latest certification. Review cases live in face/review.store.ts.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { fromItem, type TransactItem } from '../core/table/item.js';
import type { PensionCertification } from './pension.rules.js';

export const pensionCertKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'PENSIONCERT' });

export async function getPensionCertification(idHash: string): Promise<PensionCertification | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: pensionCertKey(idHash), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { idHash: _idHash, ...cert } = fromItem<PensionCertification & { idHash: string }>(out.Item);
  return cert;
}

/** The transaction item that records a certification (the latest one replaces the one before). */
export function putPensionCertificationItem(idHash: string, cert: PensionCertification): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...pensionCertKey(idHash), type: 'pensionCertification', idHash, ...cert },
    },
  };
}
