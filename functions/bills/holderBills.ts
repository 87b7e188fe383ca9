/** The holder's bill: one with its items and refunds (its payment asked about first), and paying one. */
import { now } from '../core/clock.js';
import type { Session } from '../core/session/sessionToken.js';
import { holderCard } from '../holder/index.js';
import { listRefunds } from './bill.store.js';
import { payBill, requireHolderBill, resolvePayment, type PayRequest } from './paymentFlow.js';
import { holderBillView } from './views.js';

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
