/** The holder's own card, as the API shows it. */
import { now } from '../core/clock.js';
import type { Session } from '../core/session/sessionToken.js';
import { cardView, holderCard, type CardView } from '../holder/index.js';

export async function myCard(session: Session): Promise<CardView> {
  const { card } = await holderCard(session);
  return cardView(card, now());
}
