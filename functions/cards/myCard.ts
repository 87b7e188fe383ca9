/** The holder's own card, as the API shows it. */
import { now } from '../core/clock.js';
import type { Session } from '../core/session/sessionToken.js';
import { cardView, holderCard, type CardView } from '../holder/index.js';

export async function myCard(session: Session): Promise<CardView> {
  return (await myCardAndRef(session)).card;
}

/** The card, and the channel's pairwise reference of its holder (for an embedding host page) where the binding has one. */
export async function myCardAndRef(session: Session): Promise<{ card: CardView; holderRef?: string }> {
  const { card, binding } = await holderCard(session);
  return { card: cardView(card, now()), ...(binding.holderRef ? { holderRef: binding.holderRef } : {}) };
}
