/**
 * A person's medical insurance year: what the pooled fund paid and how much of the
 * deductible was met. Versioned: a settlement's split depends on it, so writing it is
 * conditioned on the version the split was computed from.
 */
import { tableName } from '../core/table/ddb.js';
import { getItem } from '../core/table/records.js';
import type { TransactItem } from '../core/table/item.js';
import type { PolicyYearState } from './policy.rules.js';

export interface YearStateRecord extends PolicyYearState {
  /** 0 when the item does not exist yet. */
  ver: number;
}

export const yearStateKey = (idHash: string, year: number) => ({ pk: `PERSON#${idHash}`, sk: `YEAR#${year}` });

export async function getYearState(idHash: string, year: number): Promise<YearStateRecord> {
  const item = await getItem(yearStateKey(idHash, year));
  return {
    pooledPaidThisYear: (item?.pooledPaidThisYear as number) ?? 0,
    deductibleMetThisYear: (item?.deductibleMetThisYear as number) ?? 0,
    ver: (item?.ver as number) ?? 0,
  };
}

/** Sets the next state if the stored one is still the one read (version `prev.ver`). */
export function yearStateWrite(idHash: string, year: number, prevVer: number, next: PolicyYearState): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: yearStateKey(idHash, year),
      UpdateExpression: 'SET #type = :type, pooledPaidThisYear = :pf, deductibleMetThisYear = :dd, ver = :next',
      ConditionExpression: prevVer === 0 ? 'attribute_not_exists(ver)' : 'ver = :prev',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'yearState',
        ':pf': next.pooledPaidThisYear,
        ':dd': next.deductibleMetThisYear,
        ':next': prevVer + 1,
        ...(prevVer === 0 ? {} : { ':prev': prevVer }),
      },
    },
  };
}

/** Takes a reversed settlement's amounts back out of the year; commutes with other reversals. */
export function yearStateUndo(idHash: string, year: number, pooledFund: number, deductibleApplied: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: yearStateKey(idHash, year),
      UpdateExpression: 'ADD pooledPaidThisYear :pf, deductibleMetThisYear :dd, ver :one',
      ExpressionAttributeValues: { ':pf': -pooledFund, ':dd': -deductibleApplied, ':one': 1 },
    },
  };
}
