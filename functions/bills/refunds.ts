/**
 * Refunds of a paid bill (退费): all, cash only or insurance only, optionally partial; each part
 * never above what is left of it; idempotent on the institution's Idempotency-Key (the refund's
 * id is derived from it). The insurance parts go back in one transaction with the refund, its
 * reversing ledger entry and the holders' transactions; the cash part is then refunded through
 * the provider that collected it, and only its answer completes (or fails) the refund.
 */
import { createHash } from 'node:crypto';
import { chinaDay, now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { findChannel } from '../channels/index.js';
import { holderErrors } from '../holder/index.js';
import type { InstitutionRecord } from '../institutions/index.js';
import { paymentClientFor, refundPayment, type RefundOutcome } from '../providers/index.js';
import { accountCredit, holderTxnPut, ledgerEntryPut, postingsForRefund, refundEntry, yearStateUndo, type SplitParts } from '../settlement/index.js';
import { institutionOutboxPut } from '../webhooks/index.js';
import { billChange, getBill, getRefund, refundFinish, refundPut, type BillRecord, type RefundableParts, type RefundRecord } from './bill.store.js';
import { addParts, cashOf, insuranceFullyRefunded, insuranceOf, refundAmounts, statusAfterRefund, subtractParts, totalOf, type RefundKind } from './bill.rules.js';
import { billErrors } from './errors.js';
import { accountsOf } from './paymentFlow.js';
import { requireOwnBill, statusRefusal } from './push.js';
import { billEventData, refundView, terminalBillView } from './views.js';
import { holderEventPart } from '../notifications/index.js';

const REFUND_ATTEMPTS = 6;

export interface RefundRequest {
  kind: RefundKind;
  amounts?: Partial<RefundableParts>;
  reason?: string;
}

const refundIdOf = (institutionId: string, key: string) => `rf_${createHash('sha256').update(`${institutionId}:${key}`).digest('base64url').slice(0, 24)}`;
const hashOf = (billId: string, req: RefundRequest) => createHash('sha256').update(JSON.stringify([billId, req.kind, req.amounts ?? null])).digest('hex');

const paidParts = (b: BillRecord): RefundableParts => ({ pooledFund: b.split.pooledFund, personalAccount: b.split.personalAccount, familyAccount: b.split.familyAccount, cash: b.split.cash });
const signed = (p: RefundableParts): SplitParts => ({ total: totalOf(p), ...p });
const negated = (p: RefundableParts): SplitParts => ({ total: -totalOf(p), pooledFund: -p.pooledFund, personalAccount: -p.personalAccount, familyAccount: -p.familyAccount, cash: -p.cash });

export async function refundBill(inst: InstitutionRecord, billId: string, key: string, req: RefundRequest) {
  const id = refundIdOf(inst.id, key);
  const requestHash = hashOf(billId, req);
  for (let attempt = 1; ; attempt++) {
    const bill = await requireOwnBill(inst, billId);
    const prior = await getRefund(billId, id);
    if (prior) {
      if (prior.requestHash !== requestHash) throw billErrors.problem('refund_key_reused', { errors: [{ field: 'Idempotency-Key', message: 'already used for a different request' }] });
      // A retry: a cash refund still processing is asked for again (the provider refunds an out_refund_no once).
      const done = prior.status === 'processing' ? await refundCash(bill, prior) : prior;
      return answer((await getBill(billId))!, done);
    }
    if (bill.status !== 'paid' && bill.status !== 'partially_refunded') throw bill.status === 'refunded' ? billErrors.problem('nothing_to_refund') : statusRefusal(bill.status);
    const picked = refundAmounts(req.kind, paidParts(bill), bill.refunded, req.amounts);
    if (!picked.ok) throw billErrors.problem(picked.refusal, picked.field ? { errors: [{ field: picked.field, message: picked.refusal }] } : {});
    const at = now();
    const refund: RefundRecord = {
      id,
      billId,
      institutionId: inst.id,
      kind: req.kind,
      amounts: picked.amounts,
      status: picked.amounts.cash > 0 ? 'processing' : 'succeeded',
      requestHash,
      createdAt: at.toISOString(),
      ...(picked.amounts.cash > 0 ? {} : { completedAt: at.toISOString() }),
    };
    const refusal = await attemptTransact(insuranceRefundParts(bill, refund, at));
    if (!refusal) {
      logger.info('bill refund started', { billId, refundId: id, kind: req.kind, cash: refund.amounts.cash });
      const done = refund.amounts.cash > 0 ? await refundCash((await getBill(billId))!, refund) : refund;
      return answer((await getBill(billId))!, done);
    }
    // A twin with the same key, or another refund, moved the bill first: read again.
    if (attempt >= REFUND_ATTEMPTS) throw holderErrors.problem('concurrent_update');
  }
}

function answer(bill: BillRecord, refund: RefundRecord) {
  return { refund: refundView(refund), bill: terminalBillView(bill, now().toISOString()) };
}

/**
 * The first transaction: the refund recorded, the bill's refunded parts moved on (the cash part
 * reserved while the provider refunds it), and the insurance parts given back with their
 * reversing entry; an insurance-only refund is complete with it.
 */
function insuranceRefundParts(b: BillRecord, r: RefundRecord, at: Date) {
  const iso = at.toISOString();
  const refunded = addParts(b.refunded, r.amounts);
  const insurance = insuranceOf(r.amounts);
  const hasInsurance = totalOf(insurance) > 0;
  const paid = paidParts(b);
  // The year's deductible is given back once the insurance parts are all taken back.
  const deductibleBack = hasInsurance && insuranceFullyRefunded(paid, refunded) && !insuranceFullyRefunded(paid, b.refunded) ? b.breakdown.deductibleApplied : 0;
  const payer = b.familyPayer;
  const entry = refundEntry(r.id, 'insurance');
  const txn = { entry, kind: 'refund' as const, settlementId: b.id, billId: b.id, institutionName: b.institutionName, at: iso, amounts: negated(insurance) };
  const finished = r.status === 'succeeded';
  return [
    ['refund', refundPut(r)],
    ['bill', billChange(b, { refunded, ...(finished ? { status: statusAfterRefund(paid, refunded) } : {}) })],
    [
      'ledgerEntry',
      hasInsurance &&
        ledgerEntryPut({ entry, kind: 'refund', settlementId: b.id, billId: b.id, institutionId: b.institutionId, institutionOrderId: b.institutionOrderId, day: chinaDay(at), at: iso, amounts: negated(insurance), postings: postingsForRefund(entry, signed(insurance), accountsOf(b)) }),
    ],
    ['account', insurance.personalAccount > 0 && accountCredit(b.idHash, insurance.personalAccount, iso)],
    ['familyAccount', insurance.familyAccount > 0 && payer !== undefined && accountCredit(payer.idHash, insurance.familyAccount, iso)],
    ['year', (insurance.pooledFund > 0 || deductibleBack > 0) && yearStateUndo(b.idHash, b.policyYear, insurance.pooledFund, deductibleBack)],
    ['holderTransaction', hasInsurance && holderTxnPut(b.idHash, { ...txn, personalAccountChange: insurance.personalAccount })],
    ['familyTransaction', insurance.familyAccount > 0 && payer !== undefined && holderTxnPut(payer.idHash, { ...txn, personalAccountChange: insurance.familyAccount, paidForRelative: { maskedName: b.maskedName } })],
    ['event', finished && institutionOutboxPut({ eventType: 'bill.refunded', institutionId: b.institutionId, at: iso, data: billEventData(b, statusAfterRefund(paid, refunded), r) })],
    ['notice', finished && holderEventPart('refund_done', b.cardId, at, { amount: totalOf(r.amounts), institutionName: b.institutionName, billId: b.id })],
  ] as const;
}

/** The cash part through the provider that collected it; its answer completes or fails the refund. */
async function refundCash(b: BillRecord, r: RefundRecord): Promise<RefundRecord> {
  const payment = b.payment;
  if (!payment?.providerRef) return finishCash(b, r, 'failed', 'no_provider_payment');
  let outcome: RefundOutcome;
  try {
    const channel = await findChannel(payment.channelId);
    if (!channel) return finishCash(b, r, 'failed', 'channel_gone');
    outcome = await refundPayment(await paymentClientFor(channel), { outTradeNo: payment.id, providerRef: payment.providerRef, outRefundNo: r.id, refundFen: r.amounts.cash, paidFen: payment.cash, reason: '医疗机构退费' });
  } catch (err) {
    // Unknown outcome: stays processing; the same Idempotency-Key asks again.
    logger.warn('cash refund: provider not reachable', { billId: b.id, refundId: r.id, error: (err as Error).name });
    return r;
  }
  if (outcome.status === 'processing') return r;
  return finishCash(b, r, outcome.status, outcome.status === 'failed' ? outcome.reason : undefined);
}

async function finishCash(b: BillRecord, r: RefundRecord, status: 'succeeded' | 'failed', reason?: string): Promise<RefundRecord> {
  for (let attempt = 1; attempt <= REFUND_ATTEMPTS; attempt++) {
    const bill = attempt === 1 ? b : (await getBill(b.id))!;
    const at = now();
    const iso = at.toISOString();
    const paid = paidParts(bill);
    const cash = cashOf(r.amounts);
    // A failed cash refund gives its reservation back: the cash is still the holder's to be refunded.
    const refunded = status === 'succeeded' ? bill.refunded : subtractParts(bill.refunded, cash);
    const after = statusAfterRefund(paid, refunded);
    const anyBack = totalOf(refunded) > 0;
    const entry = refundEntry(r.id, 'cash');
    const refusal = await attemptTransact([
      ['refund', refundFinish(r, status, iso, reason)],
      ['bill', billChange(bill, { refunded, status: anyBack ? after : 'paid' })],
      [
        'ledgerEntry',
        status === 'succeeded' &&
          ledgerEntryPut({ entry, kind: 'refund', settlementId: bill.id, billId: bill.id, institutionId: bill.institutionId, institutionOrderId: bill.institutionOrderId, day: chinaDay(at), at: iso, amounts: negated(cash), postings: postingsForRefund(entry, signed(cash), accountsOf(bill)) }),
      ],
      ['holderTransaction', status === 'succeeded' && holderTxnPut(bill.idHash, { entry, kind: 'refund', settlementId: bill.id, billId: bill.id, institutionName: bill.institutionName, at: iso, personalAccountChange: 0, amounts: negated(cash) })],
      ['event', status === 'succeeded' && institutionOutboxPut({ eventType: 'bill.refunded', institutionId: bill.institutionId, at: iso, data: billEventData(bill, after, r) })],
      ['notice', status === 'succeeded' && holderEventPart('refund_done', bill.cardId, at, { amount: totalOf(r.amounts), institutionName: bill.institutionName, billId: bill.id })],
    ]);
    if (!refusal) {
      logger.info('cash refund finished', { billId: bill.id, refundId: r.id, status });
      return { ...r, status, completedAt: iso, ...(reason ? { failureReason: reason } : {}) };
    }
    if (refusal.refused('refund')) return (await getRefund(r.billId, r.id))!;
  }
  throw holderErrors.problem('concurrent_update');
}
