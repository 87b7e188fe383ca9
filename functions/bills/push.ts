/**
 * An institution pushes an itemised bill to a patient it knows by `patientRef` (from a code
 * verification); the split is computed now and shown to the holder, who pays in the app.
 * Idempotent on the institution's order id, like a pre-settlement. Withdrawing an unpaid bill
 * is the institution's too.
 */
import { createHash } from 'node:crypto';
import { noteAccess } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { getCard, isUsable } from '../holder/index.js';
import { cardOfPatient, type InstitutionRecord } from '../institutions/index.js';
import { settlementErrors, splitNewBill, validateBill, withFamilyPart, type BillItem } from '../settlement/index.js';
import { billChange, billOrderPut, billPut, getBill, getBillOrder, type BillKind, type BillRecord } from './bill.store.js';
import { BILL_LIFETIME_MS, statusOf, ZERO_PARTS } from './bill.rules.js';
import { billErrors } from './errors.js';
import { terminalBillView } from './views.js';
import { holderEventPart } from '../notifications/index.js';

export interface PushBillRequest {
  patientRef: string;
  institutionOrderId: string;
  kind: BillKind;
  items: unknown[];
  department?: string;
  doctor?: string;
}

const hashOf = (req: PushBillRequest) => createHash('sha256').update(JSON.stringify([req.patientRef, req.kind, req.items, req.department ?? '', req.doctor ?? ''])).digest('hex');

export async function pushBill(inst: InstitutionRecord, req: PushBillRequest) {
  const bill = validateBill({ items: req.items });
  if (!bill.ok) throw settlementErrors.problem('invalid_bill', { fields: bill.errors.map((e) => e.field).join(', ') }, { errors: bill.errors });
  const billHash = hashOf(req);
  const answered = await answerOfOrder(inst, req.institutionOrderId, billHash);
  if (answered) return answered;
  const cardId = await cardOfPatient(inst.id, req.patientRef);
  if (!cardId) throw billErrors.problem('unknown_patient', { errors: [{ field: 'patientRef', message: 'unknown to this institution' }] });
  const card = await getCard(cardId);
  const at = now();
  if (!card || !isUsable(card, at)) throw billErrors.problem('patient_card_not_usable');
  noteAccess(card.idHash, 'terminal');
  const { base, year, split, outOfArea, family } = await splitNewBill(card, inst, bill.bill.items as BillItem[], at);
  const record: BillRecord = {
    id: newId('bl'),
    institutionId: inst.id,
    institutionName: inst.name,
    institutionOrderId: req.institutionOrderId,
    patientRef: req.patientRef,
    kind: req.kind,
    ...(req.department ? { department: req.department } : {}),
    ...(req.doctor ? { doctor: req.doctor } : {}),
    cardId: card.cardId,
    maskedName: card.maskedName,
    ...base,
    split: withFamilyPart(split, family?.amount ?? 0),
    splitVersion: 1,
    breakdown: split.breakdown,
    ...(outOfArea ? { outOfArea } : {}),
    ...(family ? { familyPayer: family.payer } : {}),
    policyYear: year,
    status: 'awaiting_payment',
    createdAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + BILL_LIFETIME_MS).toISOString(),
    refunded: { ...ZERO_PARTS },
    version: 1,
  };
  const refusal = await attemptTransact([
    ['bill', billPut(record)],
    ['order', billOrderPut(inst.id, req.institutionOrderId, { billId: record.id, billHash })],
    ['notice', holderEventPart('bill_awaiting_payment', record.cardId, at, { amount: record.split.total, institutionName: record.institutionName, billId: record.id })],
  ]);
  if (refusal) {
    // A twin push of the same order committed first: answer as it did.
    const twin = await answerOfOrder(inst, req.institutionOrderId, billHash);
    if (twin) return twin;
    throw billErrors.problem('duplicate_bill_order');
  }
  logger.info('bill pushed', { billId: record.id, institutionId: inst.id, total: record.split.total });
  return terminalBillView(record, at.toISOString());
}

async function answerOfOrder(inst: InstitutionRecord, orderId: string, billHash: string) {
  const order = await getBillOrder(inst.id, orderId);
  if (!order) return undefined;
  if (order.billHash !== billHash) throw billErrors.problem('duplicate_bill_order', { extensions: { institutionOrderId: orderId, billId: order.billId } });
  const existing = await getBill(order.billId);
  return existing ? terminalBillView(existing, now().toISOString()) : undefined;
}

/** The bill, if it is this institution's: another institution's is as good as none. */
export async function requireOwnBill(inst: InstitutionRecord, id: string): Promise<BillRecord> {
  const b = await getBill(id);
  if (!b || b.institutionId !== inst.id) throw billErrors.problem('bill_not_found');
  noteAccess(b.idHash, 'terminal');
  return b;
}

/** Withdraws an unpaid bill (撤销); a paid one is refunded instead. */
export async function withdrawBill(inst: InstitutionRecord, id: string) {
  const b = await requireOwnBill(inst, id);
  const at = now().toISOString();
  const status = statusOf(b, at);
  if (status === 'withdrawn') return terminalBillView(b, at);
  if (status !== 'awaiting_payment' && status !== 'expired') throw statusRefusal(status);
  const refusal = await attemptTransact([['bill', billChange(b, { status: 'withdrawn', withdrawnAt: at })]]);
  if (refusal) throw statusRefusal(statusOf((await getBill(id))!, at));
  logger.info('bill withdrawn', { billId: id, institutionId: inst.id });
  return terminalBillView({ ...b, status: 'withdrawn', withdrawnAt: at, version: b.version + 1 }, at);
}

/** The refusal for acting on a bill in this status. */
export function statusRefusal(status: string) {
  switch (status) {
    case 'paying':
      return billErrors.problem('bill_payment_in_progress');
    case 'paid':
    case 'partially_refunded':
    case 'refunded':
      return billErrors.problem('bill_already_paid', { extensions: { status } });
    case 'withdrawn':
      return billErrors.problem('bill_withdrawn');
    case 'expired':
      return billErrors.problem('bill_expired');
    default:
      return billErrors.problem('bill_not_paid', { extensions: { status } });
  }
}
