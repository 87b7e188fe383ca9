/**
 * A change the holder is to be told of, written as an outbox item in the same transaction as
 * the change (the webhooks' outbox: no notice is lost, none is sent for a change that did not
 * commit). The table's stream carries it to the notifier (notifications/workers.ts).
 */
import { epochSeconds } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { ttlFrom } from '../core/retention.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { isNotificationKind, type NoticeData, type NotificationKind } from './notification.rules.js';

export interface HolderEvent {
  eventId: string;
  kind: NotificationKind;
  /** The card whose holder is told. */
  cardId: string;
  at: string;
  data: NoticeData;
  /** Events with one key make one notification (a helper refreshing a relative's code every minute is told once an hour). */
  noticeKey?: string;
}

const OUTBOX_PREFIX = 'OUTBOX#';

/** The outbox part of a change's transaction that tells the card's holder. */
export function holderEventPart(kind: NotificationKind, cardId: string, at: Date, data: NoticeData = {}, noticeKey?: string): TransactItem {
  const eventId = newId('evt');
  const event = { eventId, kind, cardId, at: at.toISOString(), data, ...(noticeKey ? { noticeKey } : {}) };
  return { Put: newItem({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' }, 'outboxHolderEvent', event, { ttl: ttlFrom('outboxEvent', epochSeconds(at)) }) };
}

/** A holder event from a stream record's new image (already unmarshalled), or undefined for any other item. */
export function holderEventOf(item: Record<string, unknown> | undefined): HolderEvent | undefined {
  if (!item || typeof item.pk !== 'string' || !item.pk.startsWith(OUTBOX_PREFIX) || item.type !== 'outboxHolderEvent') return undefined;
  if (!isNotificationKind(item.kind) || typeof item.cardId !== 'string' || typeof item.eventId !== 'string') return undefined;
  return {
    eventId: item.eventId,
    kind: item.kind,
    cardId: item.cardId,
    at: String(item.at),
    data: (item.data ?? {}) as NoticeData,
    ...(typeof item.noticeKey === 'string' ? { noticeKey: item.noticeKey } : {}),
  };
}
