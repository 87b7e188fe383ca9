/** The holder's bills: those waiting for payment, and all of them, newest first. */
import { now } from '../core/clock.js';
import type { Session } from '../core/session/sessionToken.js';
import { holderCard } from '../holder/index.js';
import { listBills } from './bill.store.js';
import { statusOf } from './bill.rules.js';
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

