/**
 * Paying a bill: the insurance parts settle in one transaction, exactly the split the holder
 * was shown; a cash remainder goes to the channel's payment provider, and the bill is paid only
 * on the provider's word.
 *
 * With cash to pay, the payment is two-phase: the first transaction holds the insurance parts
 * (the accounts debited, the year moved, the bill `paying`, an open-payment item), the provider's
 * order is created, and the bill is completed (`paid`, the ledger entry, the holder's
 * transactions, `bill.paid`) only when the provider confirms (its notification, a read of the
 * bill, or the sweep asks it). A cash part that fails, is closed, or is not paid within the
 * window releases what was held in one transaction: nothing is ever half applied.
 */
import { noteUsage } from '../core/audit/trail.js';
import { chinaDay, now } from '../core/clock.js';
import { apiPublicUrl, h5AppUrl, isLocalStage, sandboxPaymentUrl } from '../core/config.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { pii } from '../core/pii/crypto.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { findChannel } from '../channels/index.js';
import { familySharingCheck } from '../family/index.js';
import { checkCardPin, getPerson, holderCard, holderErrors } from '../holder/index.js';
import { closePayment, createPayment, paymentClientFor, paymentProviderNameOf, queryPayment, verifyPaymentNotification } from '../providers/index.js';
import {
  accountCredit,
  accountDebit,
  computeSplit,
  currentFamilyPart,
  holderTxnPut,
  ledgerEntryPut,
  postingsForSettlement,
  sameSplit,
  settlementEntry,
  withFamilyPart,
  yearStateUndo,
  yearStateWrite,
  type SplitParts,
} from '../settlement/index.js';
import { institutionOutboxPut } from '../webhooks/index.js';
import { billChange, getBill, getOpenPayment, listOpenPayments, openPaymentDelete, openPaymentPut, ORDER_KINDS, type BillPayment, type BillRecord } from './bill.store.js';
import { PAYMENT_WINDOW_MS, statusOf } from './bill.rules.js';
import { billErrors } from './errors.js';
import { statusRefusal } from './push.js';
import { billEventData } from './views.js';
import { holderEventPart } from '../notifications/index.js';

const PAY_ATTEMPTS = 6;

export const accountsOf = (b: BillRecord) => ({
  personIdHash: b.idHash,
  regionCode: b.regionCode,
  institutionId: b.institutionId,
  ...(b.familyPayer ? { familyPayerIdHash: b.familyPayer.idHash } : {}),
});

/** The bill, if this holder is its patient: anyone else's is as good as none. */
export async function requireHolderBill(cardId: string, id: string): Promise<BillRecord> {
  const b = await getBill(id);
  if (!b || b.cardId !== cardId) throw billErrors.problem('bill_not_found');
  return b;
}

export function splitChanged(b: Pick<BillRecord, 'split' | 'splitVersion'>) {
  return billErrors.problem('bill_split_changed', { extensions: { split: b.split, splitVersion: b.splitVersion } });
}

export interface PayRequest {
  pin: string;
  cashPayment?: 'channel';
  splitVersion?: number;
}

export async function payBill(session: Session, id: string, req: PayRequest): Promise<BillRecord> {
  const { card } = await holderCard(session);
  let bill = await resolvePayment(await requireHolderBill(card.cardId, id));
  noteUsage({ institutionId: bill.institutionId });
  const status = statusOf(bill, now().toISOString());
  if (status !== 'awaiting_payment') throw statusRefusal(status);
  // The holder agrees to the split they were shown; a newer one must be shown first.
  if (req.splitVersion !== undefined && req.splitVersion !== bill.splitVersion) throw splitChanged(bill);
  await checkCardPin(card, req.pin);
  for (let attempt = 1; ; attempt++) {
    const at = now();
    const { split, state, outOfArea } = await computeSplit(bill, bill.policyYear, at);
    const amounts = withFamilyPart(split, await currentFamilyPart(bill, split.cash));
    if (!sameSplit(amounts, bill.split)) {
      // Consent is binding: exactly the shown split, or back to the holder with the new one.
      const next = { split: amounts, splitVersion: bill.splitVersion + 1, breakdown: split.breakdown, ...(outOfArea ? { outOfArea } : {}) };
      if (!(await attemptTransact([['bill', billChange(bill, next)]]))) throw splitChanged({ ...bill, ...next });
    } else if (amounts.cash > 0 && req.cashPayment !== 'channel') {
      throw billErrors.problem('cash_payment_required', { extensions: { cash: amounts.cash } });
    } else {
      const held = { split: amounts, breakdown: split.breakdown, stateVer: state.ver, nextState: split.nextState, at };
      if (amounts.cash === 0) {
        const refusal = await attemptTransact(payInFullParts(bill, held));
        // The bill as written (no read again): paid, exactly this split.
        if (!refusal) return { ...bill, status: 'paid', paidAt: at.toISOString(), split: amounts, breakdown: split.breakdown, version: bill.version + 1 };
      } else if (!(await startCashPayment(session, bill, held))) {
        return (await getBill(id))!;
      }
    }
    // Refused: a concurrent payment or withdrawal moved the bill (one payment only: refused by
    // its status next round), or the balance, the year or the family grant moved (again).
    if (attempt >= PAY_ATTEMPTS) throw holderErrors.problem('concurrent_update');
    bill = (await getBill(id))!;
    const latest = statusOf(bill, now().toISOString());
    if (latest !== 'awaiting_payment') throw statusRefusal(latest);
  }
}

interface Held {
  split: SplitParts;
  breakdown: BillRecord['breakdown'];
  stateVer: number;
  nextState: { pooledPaidThisYear: number; deductibleMetThisYear: number };
  at: Date;
}

/** The parts that hold (debit) the insurance parts: the accounts and the year. */
function holdParts(b: BillRecord, held: Held) {
  const iso = held.at.toISOString();
  const payer = b.familyPayer;
  const familyPays = payer !== undefined && held.split.familyAccount > 0;
  return [
    ['account', held.split.personalAccount > 0 && accountDebit(b.idHash, held.split.personalAccount, iso)],
    ['year', held.breakdown.eligible > 0 && yearStateWrite(b.idHash, b.policyYear, held.stateVer, held.nextState)],
    ['familyGrant', familyPays && familySharingCheck(payer.helperCardId, payer.relativeCardId, payer.flag)],
    ['familyAccount', familyPays && accountDebit(payer.idHash, held.split.familyAccount, iso)],
  ] as const;
}

/** The parts that make a held (or just charged) bill paid: the ledger entry, the holders' transactions, the event. */
function settledParts(b: BillRecord, split: SplitParts, at: Date) {
  const iso = at.toISOString();
  const entry = settlementEntry(b.id);
  const payer = b.familyPayer;
  const familyPaid = payer !== undefined && split.familyAccount > 0;
  const txn = { entry, kind: 'settlement' as const, settlementId: b.id, billId: b.id, institutionName: b.institutionName, at: iso, amounts: split };
  return [
    [
      'ledgerEntry',
      ledgerEntryPut({ entry, kind: 'settlement', settlementId: b.id, billId: b.id, institutionId: b.institutionId, institutionOrderId: b.institutionOrderId, day: chinaDay(at), at: iso, amounts: split, postings: postingsForSettlement(b.id, split, accountsOf(b)) }),
    ],
    ['holderTransaction', holderTxnPut(b.idHash, { ...txn, personalAccountChange: -split.personalAccount })],
    ['familyTransaction', familyPaid && holderTxnPut(payer.idHash, { ...txn, personalAccountChange: -split.familyAccount, paidForRelative: { maskedName: b.maskedName } })],
    ['event', institutionOutboxPut({ eventType: 'bill.paid', institutionId: b.institutionId, at: iso, data: billEventData({ ...b, split }, 'paid') })],
    ['notice', holderEventPart('payment_done', b.cardId, at, { amount: split.total, institutionName: b.institutionName, billId: b.id })],
  ] as const;
}

function payInFullParts(b: BillRecord, held: Held) {
  const iso = held.at.toISOString();
  return [['bill', billChange(b, { status: 'paid', paidAt: iso, split: held.split, breakdown: held.breakdown })], ...holdParts(b, held), ...settledParts(b, held.split, held.at)] as const;
}

async function startCashPayment(session: Session, b: BillRecord, held: Held) {
  const channel = await findChannel(session.channelId);
  if (!channel) throw billErrors.problem('payment_not_available');
  const providerName = paymentProviderNameOf(channel);
  if (providerName === 'sandbox' && !(isLocalStage() && sandboxPaymentUrl())) throw billErrors.problem('payment_not_available');
  // Built before anything is held: a channel whose provider cannot be built (a missing secret) holds nothing.
  const provider = await paymentClientFor(channel);
  const at = held.at;
  const payment: BillPayment = {
    id: newId('pay'),
    channelId: channel.id,
    provider: providerName,
    cash: held.split.cash,
    startedAt: at.toISOString(),
    deadline: new Date(at.getTime() + PAYMENT_WINDOW_MS).toISOString(),
    pooledFund: held.split.pooledFund,
    deductibleApplied: held.breakdown.deductibleApplied,
  };
  const refusal = await attemptTransact([
    ['bill', billChange(b, { status: 'paying', payment, split: held.split, breakdown: held.breakdown })],
    ...holdParts(b, held),
    ['openPayment', openPaymentPut({ paymentId: payment.id, billId: b.id, channelId: channel.id, deadline: payment.deadline })],
  ]);
  if (refusal) return refusal;
  const paying: BillRecord = { ...b, status: 'paying', payment, split: held.split, breakdown: held.breakdown, version: b.version + 1 };
  try {
    const person = await getPerson(b.idHash);
    const cipher = await pii();
    const base = apiPublicUrl();
    const created = await createPayment(provider, {
      outTradeNo: payment.id,
      totalFen: held.split.total,
      cashFen: held.split.cash,
      insurance: { pooledFund: held.split.pooledFund, personalAccount: held.split.personalAccount, familyAccount: held.split.familyAccount },
      orderKind: ORDER_KINDS[b.kind],
      description: `${b.institutionName} ${b.kind === 'pharmacy' ? '购药' : b.kind === 'inpatient' ? '住院缴费' : '门诊缴费'}`.slice(0, 60),
      institution: { id: b.institutionId, name: b.institutionName, regionCode: b.institutionRegion },
      payer: { name: person ? cipher.decrypt('name', person.nameEnc) : '', idNumber: person ? cipher.decrypt('idNumber', person.idNumberEnc) : '', openid: session.openid },
      ...(base ? { notifyUrl: `${base.replace(/\/+$/, '')}/v1/payments/${channel.id}/notifications` } : {}),
      ...(session.platform === 'h5' ? { returnUrl: `${h5AppUrl().replace(/#.*$/, '')}#/pages/bill/index?id=${b.id}` } : {}),
      expiresAt: new Date(payment.deadline),
    });
    const ready = await attemptTransact([['bill', billChange(paying, { payment: { ...payment, providerRef: created.providerRef, handoff: created.handoff } })]]);
    if (ready) logger.warn('bill moved while its payment was created', { billId: b.id });
  } catch (err) {
    logger.warn('cash payment could not start: the held parts are released', { billId: b.id, error: (err as Error).name });
    await release(paying, 'provider_create_failed');
    throw billErrors.problem('payment_unavailable', { cause: err });
  }
  return undefined;
}

/**
 * Asks the provider about a bill's open payment and acts on the answer: paid → completed;
 * failed, closed, or past its deadline (closed first) → released. Any other bill is returned as is.
 * A provider that cannot be reached changes nothing (the next read or the sweep asks again).
 */
export async function resolvePayment(b: BillRecord): Promise<BillRecord> {
  if (b.status !== 'paying' || !b.payment) return b;
  const p = b.payment;
  const overdue = p.deadline <= now().toISOString();
  if (!p.providerRef) {
    // The order was never created (a crash between the two steps): release after the window.
    return overdue ? release(b, 'no_provider_order') : b;
  }
  try {
    const channel = await findChannel(p.channelId);
    if (!channel) return overdue ? release(b, 'channel_gone') : b;
    const provider = await paymentClientFor(channel);
    const ref = { outTradeNo: p.id, providerRef: p.providerRef };
    let outcome = await queryPayment(provider, ref);
    if (outcome.status === 'pending' && overdue) {
      // Closed at the provider first, so it cannot be paid after we release.
      const closed = await closePayment(provider, ref);
      outcome = closed ? { status: 'failed', reason: 'timed_out' } : await queryPayment(provider, ref);
    }
    if (outcome.status === 'paid') return complete(b);
    if (outcome.status === 'failed') return release(b, outcome.reason);
    return b;
  } catch (err) {
    logger.warn('payment provider not reachable; the bill stays paying', { billId: b.id, error: (err as Error).name });
    return b;
  }
}

async function complete(b: BillRecord): Promise<BillRecord> {
  const at = now();
  const refusal = await attemptTransact([
    ['bill', billChange(b, { status: 'paid', paidAt: at.toISOString() })],
    ['openPayment', openPaymentDelete(b.payment!.id)],
    ...settledParts(b, b.split, at),
  ]);
  if (!refusal) logger.info('bill paid', { billId: b.id, provider: b.payment!.provider });
  return (await getBill(b.id))!;
}

/** Gives back what the payment held, in one transaction; the bill is payable again. */
async function release(b: BillRecord, reason: string): Promise<BillRecord> {
  const p = b.payment!;
  const iso = now().toISOString();
  const payer = b.familyPayer;
  const familyHeld = payer !== undefined && b.split.familyAccount > 0;
  const refusal = await attemptTransact([
    ['bill', billChange(b, { status: 'awaiting_payment' }, ['payment'])],
    ['account', b.split.personalAccount > 0 && accountCredit(b.idHash, b.split.personalAccount, iso)],
    ['year', b.breakdown.eligible > 0 && yearStateUndo(b.idHash, b.policyYear, p.pooledFund, p.deductibleApplied)],
    ['familyAccount', familyHeld && accountCredit(payer.idHash, b.split.familyAccount, iso)],
    ['openPayment', openPaymentDelete(p.id)],
  ]);
  if (!refusal) logger.info('bill payment released', { billId: b.id, reason });
  return (await getBill(b.id))!;
}

/** A provider's notification: verified by the channel's provider, then the provider is asked (never the notification believed). */
export async function onPaymentNotification(channelId: string, headers: Record<string, string | undefined>, body: string): Promise<void> {
  const channel = await findChannel(channelId);
  if (!channel) throw billErrors.problem('unknown_payment');
  // A provider that cannot be built (a missing secret) is our fault, not a rejected notification.
  const provider = await paymentClientFor(channel);
  let outTradeNo: string;
  try {
    ({ outTradeNo } = await verifyPaymentNotification(provider, headers, body));
  } catch (err) {
    throw billErrors.problem('notification_rejected', { cause: err });
  }
  const open = await getOpenPayment(outTradeNo);
  // Already resolved (or never ours): acknowledged, nothing to do.
  if (!open || open.channelId !== channelId) return;
  const bill = await getBill(open.billId);
  if (bill) await resolvePayment(bill);
}

/** Resolves the open payments (the scheduled sweep on AWS, the local worker's timer). */
export async function sweepOpenPayments(): Promise<{ checked: number; resolved: number }> {
  let resolved = 0;
  const open = await listOpenPayments(100);
  for (const p of open) {
    const bill = await getBill(p.billId);
    if (!bill) continue;
    const after = await resolvePayment(bill);
    if (after.status !== 'paying') resolved += 1;
  }
  return { checked: open.length, resolved };
}
