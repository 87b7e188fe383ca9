/**
 * Settlements (医保结算) of an itemised bill at an institution. The status only moves
 * forward: awaiting_confirmation → confirmed → settled → reversed, or → cancelled before
 * settling. Every move is a conditional write on the current status.
 */
import { tableName } from '../core/table/ddb.js';
import { fieldUpdate, newItem, type TransactItem } from '../core/table/item.js';
import { getRecord, queryIndex } from '../core/table/records.js';
import type { BillItem, SplitBreakdown } from './policy.rules.js';
import type { CodeKind } from '../codes/index.js';
import type { SharingFlag } from '../family/index.js';
import type { OutOfArea } from './split.js';

export type SettlementStatus = 'awaiting_confirmation' | 'confirmed' | 'settled' | 'cancelled' | 'reversed';

export interface SplitParts {
  total: number;
  pooledFund: number;
  personalAccount: number;
  /** Paid from a family member's personal account (家庭共济); 0 when unused. */
  familyAccount: number;
  cash: number;
}

/**
 * The relative whose personal account pays the family part, and the binding that allows
 * it: `flag` on the binding helper → relative (both items carry it).
 */
export interface FamilyPayer {
  cardId: string;
  idHash: string;
  maskedName: string;
  helperCardId: string;
  relativeCardId: string;
  flag: SharingFlag;
}

export interface SettlementRecord {
  id: string;
  institutionId: string;
  institutionName: string;
  institutionLevel: 1 | 2 | 3;
  /** The institution's region: another than the card's insuring region is out-of-area care. */
  institutionRegion?: string;
  institutionOrderId: string;
  /** The patient's card (the code's card). */
  cardId: string;
  /** The patient's masked name (shown to a family helper or a sharing relative). */
  maskedName: string;
  /**
   * Whose holder confirms with their PIN: the patient, or the family helper who showed the
   * relative's code (亲情服务). Pending settlements are listed under it.
   */
  confirmerCardId: string;
  /** Set when a family helper presented the code: the patient's relationship to the helper. */
  presentedByFamily?: { helperCardId: string; relationship: string };
  /** Who pays `split.familyAccount` (decided at pre-settlement, re-checked at settling). */
  familyPayer?: FamilyPayer;
  idHash: string;
  regionCode: string;
  retiree: boolean;
  codeKind: CodeKind;
  items: BillItem[];
  /**
   * The split the holder is asked to confirm, and that a settle charges exactly: when it can
   * no longer be paid as confirmed, the settle puts the bill back with a new split and a new
   * `splitVersion` (settlementRepend), and the holder confirms again.
   */
  split: SplitParts;
  /** 1 at pre-settlement; +1 each time the bill goes back to the holder with a new split. */
  splitVersion: number;
  breakdown: SplitBreakdown;
  /** Out-of-area care (异地就医): whether a filing covered it. Absent at home. */
  outOfArea?: OutOfArea;
  policyYear: number;
  status: SettlementStatus;
  createdAt: string;
  confirmBy: string;
  confirmedAt?: string;
  settledAt?: string;
  cancelledAt?: string;
  reversedAt?: string;
}

export const settlementKey = (id: string) => ({ pk: `SETTLEMENT#${id}`, sk: 'SETTLEMENT' });
/** Pending settlements of the holder who confirms them. */
export const pendingIndexKey = (confirmerCardId: string) => `PENDING#${confirmerCardId}`;
export const orderKey = (institutionId: string, orderId: string) => ({ pk: `INSTORDER#${institutionId}#${orderId}`, sk: 'ORDER' });

export async function getSettlement(id: string): Promise<SettlementRecord | undefined> {
  return getRecord<SettlementRecord>(settlementKey(id));
}

/** A new settlement, listed as pending for its confirmer until confirmed or cancelled. */
export function settlementPut(s: SettlementRecord): TransactItem {
  return { Put: newItem(settlementKey(s.id), 'settlement', s, { gsi1pk: pendingIndexKey(s.confirmerCardId), gsi1sk: s.createdAt }) };
}

export interface OrderRecord {
  settlementId: string;
  /** SHA-256 of the bill's items: a retry of the same pre-settlement has the same. */
  billHash: string;
}

/** An institution's order id has one settlement: put once, with the bill it was for. */
export function orderPut(institutionId: string, orderId: string, order: OrderRecord): TransactItem {
  return { Put: newItem(orderKey(institutionId, orderId), 'order', order) };
}

export async function getOrder(institutionId: string, orderId: string): Promise<OrderRecord | undefined> {
  return getRecord<OrderRecord>(orderKey(institutionId, orderId));
}

/** Moves the status from one of `from` to `to`, setting fields; leaves the pending list. */
export function settlementTransition(
  id: string,
  from: SettlementStatus[],
  to: SettlementStatus,
  set: Record<string, unknown>,
  /** Only while the split is still this version (a confirmation agrees to one split). */
  splitVersion?: number,
): TransactItem {
  const values: Record<string, unknown> = { ':to': to };
  from.forEach((f, i) => (values[`:from${i}`] = f));
  const names: Record<string, string> = { '#status': 'status' };
  if (splitVersion !== undefined) {
    values[':splitVersion'] = splitVersion;
    names['#splitVersion'] = 'splitVersion';
  }
  return {
    Update: {
      TableName: tableName(),
      Key: settlementKey(id),
      // Out of the confirmer's pending list (gsi1) once it moves on.
      ...fieldUpdate({ sets: ['#status = :to'], names, values }, set, ['gsi1pk', 'gsi1sk']),
      ConditionExpression:
        `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})` + (splitVersion === undefined ? '' : ' AND #splitVersion = :splitVersion'),
    },
  };
}

/**
 * A confirmed bill whose confirmed split can no longer be paid goes back to its confirmer:
 * awaiting confirmation again, listed as pending, with the new split and a new version.
 */
export function settlementRepend(
  s: Pick<SettlementRecord, 'id' | 'confirmerCardId' | 'createdAt' | 'splitVersion'>,
  split: SplitParts,
  breakdown: SplitBreakdown,
  confirmBy: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: settlementKey(s.id),
      UpdateExpression:
        'SET #status = :awaiting, #split = :split, #breakdown = :breakdown, #confirmBy = :confirmBy, #version = :next, gsi1pk = :gpk, gsi1sk = :gsk REMOVE confirmedAt',
      ConditionExpression: '#status = :confirmed AND #version = :version',
      ExpressionAttributeNames: { '#status': 'status', '#split': 'split', '#breakdown': 'breakdown', '#confirmBy': 'confirmBy', '#version': 'splitVersion' },
      ExpressionAttributeValues: {
        ':awaiting': 'awaiting_confirmation',
        ':confirmed': 'confirmed',
        ':split': split,
        ':breakdown': breakdown,
        ':confirmBy': confirmBy,
        ':version': s.splitVersion,
        ':next': s.splitVersion + 1,
        ':gpk': pendingIndexKey(s.confirmerCardId),
        ':gsk': s.createdAt,
      },
    },
  };
}

export async function listPendingSettlements(confirmerCardId: string): Promise<SettlementRecord[]> {
  return queryIndex<SettlementRecord>(pendingIndexKey(confirmerCardId), { limit: 20, newestFirst: true });
}
