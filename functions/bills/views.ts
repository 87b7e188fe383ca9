/** A bill as its institution sees it, as its holder sees it, and as an institution's webhook carries it. */
import { parts } from '../settlement/index.js';
import type { BillRecord, RefundRecord } from './bill.store.js';
import { statusOf } from './bill.rules.js';

const splitOf = (b: BillRecord) => ({ ...parts(b.split), ...(b.outOfArea ? { outOfArea: b.outOfArea } : {}) });

export function terminalBillView(b: BillRecord, nowIso: string) {
  return {
    id: b.id,
    status: statusOf(b, nowIso),
    institutionOrderId: b.institutionOrderId,
    kind: b.kind,
    split: splitOf(b),
    refunded: b.refunded,
    createdAt: b.createdAt,
    expiresAt: b.expiresAt,
    ...(b.paidAt ? { paidAt: b.paidAt } : {}),
    ...(b.withdrawnAt ? { withdrawnAt: b.withdrawnAt } : {}),
  };
}

export function holderBillView(b: BillRecord, nowIso: string, refunds: RefundRecord[] = []) {
  return {
    ...terminalBillView(b, nowIso),
    institution: { id: b.institutionId, name: b.institutionName },
    ...(b.department ? { department: b.department } : {}),
    ...(b.doctor ? { doctor: b.doctor } : {}),
    items: b.items,
    breakdown: b.breakdown,
    /** What a payment agrees to: send it back with the PIN. */
    splitVersion: b.splitVersion,
    ...(b.familyPayer && b.split.familyAccount > 0 ? { familyAccountPayer: { maskedName: b.familyPayer.maskedName } } : {}),
    ...(b.status === 'paying' && b.payment
      ? { payment: { provider: b.payment.provider, deadline: b.payment.deadline, ...(b.payment.handoff ? { handoff: b.payment.handoff } : {}) } }
      : {}),
    ...(refunds.length ? { refunds: refunds.map(refundView) } : {}),
  };
}

export function refundView(r: RefundRecord) {
  return { id: r.id, kind: r.kind, amounts: r.amounts, status: r.status, createdAt: r.createdAt, ...(r.completedAt ? { completedAt: r.completedAt } : {}), ...(r.failureReason ? { failureReason: r.failureReason } : {}) };
}

/** The `data` of bill.paid and bill.refunded: the institution's own ids, the pairwise patientRef, amounts; no personal data. */
export function billEventData(b: BillRecord, status: string, refund?: RefundRecord) {
  return {
    billId: b.id,
    institutionOrderId: b.institutionOrderId,
    patientRef: b.patientRef,
    status,
    split: parts(b.split),
    ...(refund ? { refund: { id: refund.id, kind: refund.kind, amounts: refund.amounts } } : {}),
  };
}
