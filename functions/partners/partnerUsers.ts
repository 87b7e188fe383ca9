/**
 * A channel's view of one of its own users (`GET /v1/partner/users/{partnerUserId}`): whether
 * they hold a card bound in this channel, as a pairwise `holderRef`, the card's status and
 * level. Nothing else about the person; a user of another channel is simply not bound here.
 */
import { now } from '../core/clock.js';
import { noteAccess } from '../core/audit/trail.js';
import type { Channel } from '../channels/index.js';
import { effectiveStatus, getBindingOfUser, getCard } from '../holder/index.js';
import { holderRefOf } from './holderRef.js';

export async function partnerUser(channel: Channel, partnerUserId: string) {
  const binding = await getBindingOfUser(channel.id, partnerUserId);
  const card = binding ? await getCard(binding.cardId) : undefined;
  if (!binding || !card) return { partnerUserId, bound: false };
  noteAccess(card.idHash, 'channel');
  return {
    partnerUserId,
    bound: true,
    holderRef: await holderRefOf(channel.id, card.cardId),
    cardStatus: effectiveStatus(card, now()),
    level: card.level,
    boundAt: binding.boundAt,
  };
}
