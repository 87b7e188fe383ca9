/** Resolving the card behind a holder session. */
import { NotFound } from '../core/problem.js';
import type { Session } from '../core/session/sessionToken.js';
import { getBindingOfUser, type BindingRecord } from './binding.store.js';
import { getCard, type CardRecord } from './card.store.js';

export class CardNotFound extends NotFound {
  override name = 'CardNotFound';
  constructor() {
    super('card_not_found', '当前渠道尚未申领电子社保卡。');
  }
}

export interface HolderCard {
  binding: BindingRecord;
  card: CardRecord;
}

/** The card bound to this channel user; 404 when there is none (never claimed or unbound). */
export async function holderCard(session: Session): Promise<HolderCard> {
  const binding = await getBindingOfUser(session.channelId, session.openid);
  if (!binding) throw new CardNotFound();
  const card = await getCard(binding.cardId);
  if (!card) throw new CardNotFound();
  return { binding, card };
}
