/**
 * Pension certifications: one item per person, `PERSON#<idHash>` / `PENSIONCERT`, holding
 * the latest certification. Review cases live in face/review.store.ts.
 */
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';
import type { PensionCertification } from './pension.rules.js';

export const pensionCertKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'PENSIONCERT' });

export async function getPensionCertification(idHash: string): Promise<PensionCertification | undefined> {
  const stored = await getRecord<PensionCertification & { idHash: string }>(pensionCertKey(idHash));
  if (!stored) return undefined;
  const { idHash: _idHash, ...cert } = stored;
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
