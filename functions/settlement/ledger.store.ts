/**
 * The ledger: one immutable item per entry (a settlement or its reversal) holding its
 * balanced postings, indexed by institution and China day for reconciliation; and one
 * item per entry in the holder's transaction list.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { fromItem, newItem, type TransactItem } from '../core/table/item.js';
import { queryIndex } from '../core/table/records.js';
import type { Posting } from './ledger.rules.js';
import type { SplitParts } from './settlement.store.js';

export interface LedgerEntryRecord {
  entry: string;
  /** `settlement` also for a bill paid in the app (`settlementId` is then the bill's id). */
  kind: 'settlement' | 'reversal' | 'refund';
  settlementId: string;
  /** Set for a bill paid in the app and its refunds. */
  billId?: string;
  institutionId: string;
  institutionOrderId: string;
  day: string;
  at: string;
  /** Signed: a reversal's amounts are negative. */
  amounts: SplitParts;
  postings: Posting[];
}

export interface HolderTransaction {
  entry: string;
  kind: 'settlement' | 'reversal' | 'refund';
  settlementId: string;
  billId?: string;
  institutionName: string;
  at: string;
  /** Signed change of the personal account (negative for a payment). */
  personalAccountChange: number;
  amounts: SplitParts;
  /** Family sharing (家庭共济): this account paid part of a relative's bill. */
  paidForRelative?: { maskedName: string };
}

export const ledgerEntryKey = (entry: string) => ({ pk: `LEDGER#${entry}`, sk: 'ENTRY' });
export const institutionDayKey = (institutionId: string, day: string) => `INSTDAY#${institutionId}#${day}`;
export const holderTxnKey = (idHash: string, at: string, entry: string) => ({ pk: `PERSON#${idHash}`, sk: `TXN#${at}#${entry}` });

export function ledgerEntryPut(e: LedgerEntryRecord): TransactItem {
  return { Put: newItem(ledgerEntryKey(e.entry), 'ledgerEntry', e, { gsi1pk: institutionDayKey(e.institutionId, e.day), gsi1sk: `${e.at}#${e.entry}` }) };
}

export function holderTxnPut(idHash: string, t: HolderTransaction): TransactItem {
  return { Put: newItem(holderTxnKey(idHash, t.at, t.entry), 'holderTxn', t) };
}

export async function listInstitutionDay(institutionId: string, day: string): Promise<LedgerEntryRecord[]> {
  return queryIndex<LedgerEntryRecord>(institutionDayKey(institutionId, day));
}

/** A page of the holder's transactions, newest first, after the sort key `afterSk` if given. */
export async function listHolderTransactions(idHash: string, limit: number, afterSk?: string) {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :txn)',
      ExpressionAttributeValues: { ':pk': `PERSON#${idHash}`, ':txn': 'TXN#' },
      ScanIndexForward: false,
      Limit: limit,
      ...(afterSk ? { ExclusiveStartKey: { pk: `PERSON#${idHash}`, sk: afterSk } } : {}),
    }),
  );
  const items = (out.Items ?? []).map((item) => fromItem<HolderTransaction>(item));
  const next = out.LastEvaluatedKey?.sk as string | undefined;
  return { items, next };
}
