/** Webhooks to channels and institutions: the outbox card and bill changes write their events to, and its delivery. */
import type { BindingRecord } from '../holder/index.js';
import { outboxPut } from './outbox.store.js';
import type { ChannelEventType } from './webhook.rules.js';

/**
 * The outbox part of a card change's transaction: the event for every channel the card is
 * bound in (`bindings`), or left out when there are none.
 */
export function cardEventPart(eventType: ChannelEventType, cardId: string, cardStatus: string, at: Date, bindings: Pick<BindingRecord, 'channelId' | 'openid'>[]) {
  return outboxPut({ eventType, cardId, cardStatus, at: at.toISOString(), targets: bindings.map((b) => ({ channelId: b.channelId, partnerUserId: b.openid })) });
}

export { INSTITUTION_EVENT_TYPES, WEBHOOK_EVENT_TYPES, institutionOwner, type ChannelEventType, type InstitutionEventType, type WebhookEventType } from './webhook.rules.js';
export { institutionOutboxPut } from './outbox.store.js';
