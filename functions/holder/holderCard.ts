/** Resolving the card behind a holder session. */
import { noteAccess, noteActorCard } from '../core/audit/trail.js';
import type { Session } from '../core/session/sessionToken.js';
import { getBindingOfUser, type BindingRecord } from './binding.store.js';
import { getCard, type CardRecord } from './card.store.js';
import { holderErrors } from './errors.js';

export interface HolderCard {
  binding: BindingRecord;
  card: CardRecord;
}

/** The card bound to this channel user; 404 when there is none (never claimed or unbound). */
export async function holderCard(session: Session): Promise<HolderCard> {
  const binding = await getBindingOfUser(session.channelId, session.openid);
  if (!binding) throw holderErrors.problem('card_not_found');
  const card = await getCard(binding.cardId);
  if (!card) throw holderErrors.problem('card_not_found');
  noteActorCard(card.cardId);
  noteAccess(card.idHash, 'self');
  return { binding, card };
}
