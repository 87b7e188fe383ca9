/**
 * From a committed outbox event to deliveries: for each channel (or the institution) told of it, each of its
 * enabled endpoints that wants the event's type gets one delivery (thin payload: the pairwise
 * holderRef, the partner user id, the card status), queued at once. Idempotent: a delivery's
 * id comes from the event and the endpoint, so a stream record seen twice changes nothing.
 */
import { now } from '../core/clock.js';
import { holderRefOf } from '../partners/index.js';
import { deliveryIdOf, putDelivery } from './delivery.store.js';
import { listEndpoints } from './endpoint.store.js';
import type { InstitutionOutboxEvent, OutboxEvent } from './outbox.store.js';
import { deliveryQueue } from './queue.js';
import { institutionOwner, type WebhookEventType } from './webhook.rules.js';

export async function relayEvent(event: OutboxEvent): Promise<number> {
  let queued = 0;
  for (const target of event.targets) {
    queued += await deliverToOwner(target.channelId, event, async () => ({
      holderRef: await holderRefOf(target.channelId, event.cardId),
      partnerUserId: target.partnerUserId,
      cardStatus: event.cardStatus,
    }));
  }
  return queued;
}

/** An institution's event: its own data (pairwise patientRef, ids, amounts; no personal data). */
export async function relayInstitutionEvent(event: InstitutionOutboxEvent): Promise<number> {
  return deliverToOwner(institutionOwner(event.institutionId), event, async () => event.data);
}

/** One delivery per enabled endpoint of the owner that wants the event's type. */
async function deliverToOwner(ownerId: string, event: { eventId: string; eventType: WebhookEventType; at: string }, data: () => Promise<Record<string, unknown>>): Promise<number> {
  const endpoints = (await listEndpoints(ownerId)).filter((e) => e.state === 'enabled' && e.events.includes(event.eventType));
  if (endpoints.length === 0) return 0;
  const payload = JSON.stringify({ type: event.eventType, timestamp: event.at, data: await data() });
  let queued = 0;
  for (const endpoint of endpoints) {
    const id = deliveryIdOf(event.eventId, endpoint.id);
    const created = await putDelivery({
      id,
      ownerId,
      endpointId: endpoint.id,
      eventId: event.eventId,
      eventType: event.eventType,
      payload,
      status: 'pending',
      attempts: [],
      createdAt: now().toISOString(),
      version: 0,
    });
    if (created) {
      await deliveryQueue().send(id, 0);
      queued += 1;
    }
  }
  return queued;
}
