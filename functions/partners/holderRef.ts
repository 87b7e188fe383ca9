/**
 * The pairwise holder reference a channel knows a holder by (API.md, "Holders as a channel
 * sees them"): a keyed hash of the channel and the card, so it is stable, different in every
 * channel, and reveals nothing (not the card id, a name or an ID number) without the key.
 */
import { pii } from '../core/pii/crypto.js';

export async function holderRefOf(channelId: string, cardId: string): Promise<string> {
  return `hr_${(await pii()).hash('holderRef', `${channelId}:${cardId}`).slice(0, 26)}`;
}
