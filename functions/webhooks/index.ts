/** Webhooks to channels: the outbox card changes write their events to, and its delivery. */
import type { BindingRecord } from '../holder/index.js';
import { outboxPut } from './outbox.store.js';
import type { WebhookEventType } from './webhook.rules.js';

/**
 * The outbox part of a card change's transaction: the event for every channel the card is
 * bound in (`bindings`), or left out when there are none.
 */
export function cardEventPart(eventType: WebhookEventType, cardId: string, cardStatus: string, at: Date, bindings: Pick<BindingRecord, 'channelId' | 'openid'>[]) {
  return outboxPut({ eventType, cardId, cardStatus, at: at.toISOString(), targets: bindings.map((b) => ({ channelId: b.channelId, partnerUserId: b.openid })) });
}

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook.rules.js';
