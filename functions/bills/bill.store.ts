/**
 * Bills an institution pushes to a holder (线上医保支付), their payment attempts and refunds.
 *
 *   BILL#<id> / BILL                 the bill; gsi1 `BILLS#<cardId>` by createdAt (the holder's list)
 *   INSTBILL#<institution>#<order> / ORDER   an institution's order id has one bill
 *   PAYMENT#<paymentId> / PAYMENT    an open cash payment (the provider's out_trade_no); gsi1
 *                                    `OPENPAYMENTS` by deadline, for the sweep; deleted when it resolves
 *   BILL#<id> / REFUND#<refundId>    a refund, its id derived from the institution's Idempotency-Key
 *
 * Every change of a bill is conditioned on the version it read (and moves it on), so two
 * payments, a payment and a withdrawal, or two refunds can never both apply.
 */
import { tableName } from '../core/table/ddb.js';
import { fieldUpdate, newItem, type TransactItem } from '../core/table/item.js';
import { getRecord, queryIndex, queryPrefix } from '../core/table/records.js';
import type { PaymentOrderKind, PaymentProviderName } from '../providers/index.js';
import type { BillItem, FamilyPayer, OutOfArea, SplitBreakdown, SplitParts } from '../settlement/index.js';

export type BillKind = 'outpatient' | 'inpatient' | 'pharmacy';
/** `expired` is derived on reading an unpaid bill past its `expiresAt` (bill.rules statusOf). */
export type StoredBillStatus = 'awaiting_payment' | 'paying' | 'paid' | 'partially_refunded' | 'refunded' | 'withdrawn';
export type BillStatus = StoredBillStatus | 'expired';

/** The insurance parts and the cash part, without the total. */
export type RefundableParts = Omit<SplitParts, 'total'>;

/** A cash payment under way: the insurance parts are held (debited) until the provider answers. */
export interface BillPayment {
  id: string;
  channelId: string;
  provider: PaymentProviderName;
  cash: number;
  startedAt: string;
  /** After this the order is closed at the provider and the held parts released. */
  deadline: string;
  /** The year's accumulators the held split moved (undone on release). */
  pooledFund: number;
  deductibleApplied: number;
  providerRef?: string;
  handoff?: Record<string, string>;
}

export interface BillRecord {
  id: string;
  institutionId: string;
  institutionName: string;
  institutionLevel: 1 | 2 | 3;
  institutionRegion: string;
  institutionOrderId: string;
  /** The institution's pairwise ref of the patient, as it pushed the bill. */
  patientRef: string;
  kind: BillKind;
  department?: string;
  doctor?: string;
  /** The patient's card; only its holder sees and pays the bill. */
  cardId: string;
  idHash: string;
  /** The card's insuring region. */
  regionCode: string;
  maskedName: string;
  retiree: boolean;
  items: BillItem[];
  /** The split shown to the holder; a payment charges exactly this (or is refused with the new one). */
  split: SplitParts;
  splitVersion: number;
  breakdown: SplitBreakdown;
  outOfArea?: OutOfArea;
  familyPayer?: FamilyPayer;
  policyYear: number;
  status: StoredBillStatus;
  createdAt: string;
  expiresAt: string;
  payment?: BillPayment;
  paidAt?: string;
  withdrawnAt?: string;
  /** What refunds took back so far, per part (a cash refund under way included). */
  refunded: RefundableParts;
  version: number;
}

export interface RefundRecord {
  id: string;
  billId: string;
  institutionId: string;
  kind: 'all' | 'cash' | 'insurance';
  amounts: RefundableParts;
  /** `processing` while the provider refunds the cash part. */
  status: 'succeeded' | 'processing' | 'failed';
  failureReason?: string;
  requestHash: string;
  createdAt: string;
  completedAt?: string;
}

export const billKey = (id: string) => ({ pk: `BILL#${id}`, sk: 'BILL' });
const orderKey = (institutionId: string, orderId: string) => ({ pk: `INSTBILL#${institutionId}#${orderId}`, sk: 'ORDER' });
const paymentKey = (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: 'PAYMENT' });
const refundKey = (billId: string, refundId: string) => ({ pk: `BILL#${billId}`, sk: `REFUND#${refundId}` });
const holderIndexKey = (cardId: string) => `BILLS#${cardId}`;
const OPEN_PAYMENTS = 'OPENPAYMENTS';

export const ORDER_KINDS: Record<BillKind, PaymentOrderKind> = { outpatient: 'outpatient', inpatient: 'inpatient', pharmacy: 'pharmacy' };

export async function getBill(id: string): Promise<BillRecord | undefined> {
  return getRecord<BillRecord>(billKey(id));
}

/** The holder's bills, newest first. */
export async function listBills(cardId: string, limit = 50): Promise<BillRecord[]> {
  return queryIndex<BillRecord>(holderIndexKey(cardId), { limit, newestFirst: true });
}

export function billPut(b: BillRecord): TransactItem {
  return { Put: newItem(billKey(b.id), 'bill', b, { gsi1pk: holderIndexKey(b.cardId), gsi1sk: b.createdAt }) };
}

export interface BillOrder {
  billId: string;
  /** SHA-256 of the pushed bill: the same push again answers the same bill. */
  billHash: string;
}

export function billOrderPut(institutionId: string, orderId: string, order: BillOrder): TransactItem {
  return { Put: newItem(orderKey(institutionId, orderId), 'billOrder', order) };
}

export async function getBillOrder(institutionId: string, orderId: string): Promise<BillOrder | undefined> {
  return getRecord<BillOrder>(orderKey(institutionId, orderId));
}

/**
 * Changes the bill if it is still at the version read: the given fields set, `remove` ones
 * removed, the version moved on.
 */
export function billChange(b: Pick<BillRecord, 'id' | 'version'>, set: Partial<BillRecord>, remove: (keyof BillRecord)[] = []): TransactItem {
  const first = { sets: ['#version = :next'], names: { '#version': 'version' }, values: { ':v': b.version, ':next': b.version + 1 } };
  return {
    Update: {
      TableName: tableName(),
      Key: billKey(b.id),
      ...fieldUpdate(first, set, remove),
      ConditionExpression: '#version = :v',
    },
  };
}

export interface OpenPayment {
  paymentId: string;
  billId: string;
  channelId: string;
  deadline: string;
}

export function openPaymentPut(p: OpenPayment): TransactItem {
  return { Put: newItem(paymentKey(p.paymentId), 'openPayment', p, { gsi1pk: OPEN_PAYMENTS, gsi1sk: `${p.deadline}#${p.paymentId}` }) };
}

export function openPaymentDelete(paymentId: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: paymentKey(paymentId) } };
}

export async function getOpenPayment(paymentId: string): Promise<OpenPayment | undefined> {
  return getRecord<OpenPayment>(paymentKey(paymentId));
}

/** Open payments, earliest deadline first (the sweep takes those past theirs). */
export async function listOpenPayments(limit = 100): Promise<OpenPayment[]> {
  return queryIndex<OpenPayment>(OPEN_PAYMENTS, { limit });
}

export async function getRefund(billId: string, refundId: string): Promise<RefundRecord | undefined> {
  return getRecord<RefundRecord>(refundKey(billId, refundId));
}

export async function listRefunds(billId: string): Promise<RefundRecord[]> {
  return (await queryPrefix<RefundRecord>(`BILL#${billId}`, 'REFUND#')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function refundPut(r: RefundRecord): TransactItem {
  return { Put: newItem(refundKey(r.billId, r.id), 'billRefund', r) };
}

/** Finishes a refund that was processing. */
export function refundFinish(r: Pick<RefundRecord, 'billId' | 'id'>, status: 'succeeded' | 'failed', at: string, failureReason?: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: refundKey(r.billId, r.id),
      UpdateExpression: `SET #status = :status, completedAt = :at${failureReason ? ', failureReason = :reason' : ''}`,
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':at': at, ':processing': 'processing', ...(failureReason ? { ':reason': failureReason } : {}) },
    },
  };
}
