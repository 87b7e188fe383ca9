/**
 * The outbox: a card change writes its event in the same transaction as the change, so no
 * event is lost and none is sent for a change that did not commit. The table's stream carries
 * each new outbox item to the relay (webhooks/relay.ts), which fans it out to the endpoints.
 */
import { epochSeconds } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { ttlFrom } from '../core/retention.js';
import { tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import type { ChannelEventType, InstitutionEventType } from './webhook.rules.js';

/** A channel user told of the change: the channel and its user id for the card. */
export interface EventTarget {
  channelId: string;
  partnerUserId: string;
}

/** A card change, told to the channels the card is bound in. */
export interface OutboxEvent {
  eventId: string;
  /** `type` is the table's own attribute (the item kind). */
  eventType: ChannelEventType;
  cardId: string;
  /** The card status after the change. */
  cardStatus: string;
  at: string;
  targets: EventTarget[];
}

/** A bill or settlement change, told to its institution; `data` is the delivered body's (no personal data). */
export interface InstitutionOutboxEvent {
  eventId: string;
  eventType: InstitutionEventType;
  institutionId: string;
  at: string;
  data: Record<string, unknown>;
}

export const OUTBOX_PREFIX = 'OUTBOX#';

/** The outbox part of a transaction; `false` when no channel is to be told (a transaction part left out). */
export function outboxPut(event: Omit<OutboxEvent, 'eventId'>): TransactItem | false {
  if (event.targets.length === 0) return false;
  const eventId = newId('evt');
  return { Put: newItem({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' }, 'outboxEvent', { eventId, ...event }, { ttl: ttlFrom('outboxEvent', epochSeconds(new Date(event.at))) }) };
}

/** The outbox part of a bill or settlement change's transaction: the event for its institution. */
export function institutionOutboxPut(event: Omit<InstitutionOutboxEvent, 'eventId'>): TransactItem {
  const eventId = newId('evt');
  return { Put: newItem({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' }, 'outboxInstitutionEvent', { eventId, ...event }, { ttl: ttlFrom('outboxEvent', epochSeconds(new Date(event.at))) }) };
}

/**
 * A request to attempt a delivery again (a partner's manual retry): through the outbox too,
 * so it reaches the delivery queue the same way on AWS and locally.
 */
export function redeliveryPut(deliveryId: string, at: Date): TransactItem {
  const id = newId('rdl');
  return {
    Put: {
      TableName: tableName(),
      Item: { pk: `${OUTBOX_PREFIX}${id}`, sk: 'REDELIVERY', type: 'outboxRedelivery', deliveryId, at: at.toISOString(), ttl: ttlFrom('outboxEvent', epochSeconds(at)) },
    },
  };
}

/** The delivery a redelivery item asks for, or undefined for any other item. */
export function redeliveryOf(item: Record<string, unknown> | undefined): string | undefined {
  return item && item.type === 'outboxRedelivery' && typeof item.pk === 'string' && item.pk.startsWith(OUTBOX_PREFIX) ? String(item.deliveryId) : undefined;
}

/** An outbox event from a stream record's new image (already unmarshalled), or undefined for any other item. */
export function outboxEventOf(item: Record<string, unknown> | undefined): OutboxEvent | undefined {
  if (!item || typeof item.pk !== 'string' || !item.pk.startsWith(OUTBOX_PREFIX) || item.type !== 'outboxEvent') return undefined;
  const { eventId, eventType, cardId, cardStatus, at, targets } = item as unknown as OutboxEvent;
  return { eventId, eventType, cardId, cardStatus, at, targets };
}

/** An institution event from a stream record's new image, or undefined for any other item. */
export function institutionEventOf(item: Record<string, unknown> | undefined): InstitutionOutboxEvent | undefined {
  if (!item || typeof item.pk !== 'string' || !item.pk.startsWith(OUTBOX_PREFIX) || item.type !== 'outboxInstitutionEvent') return undefined;
  const { eventId, eventType, institutionId, at, data } = item as unknown as InstitutionOutboxEvent;
  return { eventId, eventType, institutionId, at, data };
}
