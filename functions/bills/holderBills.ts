/** The holder's bills: waiting for payment, all of them, one with its items and refunds, and paying one. */
import { now } from '../core/clock.js';
import type { Session } from '../core/session/sessionToken.js';
import { holderCard } from '../holder/index.js';
import { listBills, listRefunds } from './bill.store.js';
import { statusOf } from './bill.rules.js';
import { payBill, requireHolderBill, resolvePayment, type PayRequest } from './paymentFlow.js';
import { holderBillView } from './views.js';

export async function pendingBills(session: Session) {
  const { card } = await holderCard(session);
  const at = now().toISOString();
  const bills = await listBills(card.cardId);
  return bills.filter((b) => ['awaiting_payment', 'paying'].includes(statusOf(b, at))).map((b) => holderBillView(b, at));
}

export async function billsOf(session: Session) {
  const { card } = await holderCard(session);
  const at = now().toISOString();
  return (await listBills(card.cardId)).map((b) => holderBillView(b, at));
}

/** One bill; a payment under way is asked about first (the holder back from the cashier sees its outcome). */
export async function billForHolder(session: Session, id: string) {
  const { card } = await holderCard(session);
  const bill = await resolvePayment(await requireHolderBill(card.cardId, id));
  return holderBillView(bill, now().toISOString(), await listRefunds(id));
}

export async function payForHolder(session: Session, id: string, req: PayRequest) {
  const bill = await payBill(session, id, req);
  return holderBillView(bill, now().toISOString());
}
