/**
 * A person's out-of-area filings, in the person's partition (`PERSON#<idHash>`, `FILING#<id>`),
 * and the person's filing guard: a version every new filing moves, so two filings sent at
 * once cannot both pass the overlap check.
 */
import { tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getItem, getRecord, queryPrefix } from '../core/table/records.js';
import type { FilingKind, FilingStatus } from './filing.rules.js';

export interface FilingRecord {
  id: string;
  idHash: string;
  /** The card the filing was made for. */
  cardId: string;
  destinationRegion: string;
  kind: FilingKind;
  /** The stored status; `expired` is derived on reading (filing.rules statusOn). */
  status: Exclude<FilingStatus, 'expired'>;
  startDate: string;
  endDate?: string;
  /** The personal pledge (个人承诺书) agreed to, when. */
  pledgedAt: string;
  /** Whose phone filed it: the holder, or a family helper (亲情服务). */
  filedByCardId: string;
  createdAt: string;
  cancelledAt?: string;
}

const filingKey = (idHash: string, id: string) => ({ pk: `PERSON#${idHash}`, sk: `FILING#${id}` });
const guardKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'FILINGGUARD' });

export async function listFilings(idHash: string): Promise<FilingRecord[]> {
  return queryPrefix<FilingRecord>(`PERSON#${idHash}`, 'FILING#');
}

export async function getFiling(idHash: string, id: string): Promise<FilingRecord | undefined> {
  return getRecord<FilingRecord>(filingKey(idHash, id));
}

/** The guard's version (0 before the first filing). */
export async function filingGuardVersion(idHash: string): Promise<number> {
  return ((await getItem(guardKey(idHash)))?.ver as number | undefined) ?? 0;
}

/** Moves the guard on, if no other filing moved it since `ver` was read. */
export function filingGuardAdvance(idHash: string, ver: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: guardKey(idHash),
      UpdateExpression: 'SET #type = :type, ver = :next',
      ConditionExpression: ver === 0 ? 'attribute_not_exists(ver)' : 'ver = :ver',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'filingGuard', ':next': ver + 1, ...(ver === 0 ? {} : { ':ver': ver }) },
    },
  };
}

export function filingPut(f: FilingRecord): TransactItem {
  return { Put: newItem(filingKey(f.idHash, f.id), 'outOfAreaFiling', f) };
}

/** Cancels an effective filing. */
export function filingCancel(idHash: string, id: string, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: filingKey(idHash, id),
      UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at',
      ConditionExpression: '#status = :effective',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':effective': 'effective', ':at': at },
    },
  };
}
