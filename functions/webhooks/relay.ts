/**
 * From a committed outbox event to deliveries: for each channel told of it, each of its
 * enabled endpoints that wants the event's type gets one delivery (thin payload: the pairwise
 * holderRef, the partner user id, the card status), queued at once. Idempotent: a delivery's
 * id comes from the event and the endpoint, so a stream record seen twice changes nothing.
 */
import { now } from '../core/clock.js';
import { holderRefOf } from '../partners/index.js';
import { deliveryIdOf, putDelivery } from './delivery.store.js';
import { listEndpoints } from './endpoint.store.js';
import type { OutboxEvent } from './outbox.store.js';
import { deliveryQueue } from './queue.js';

export async function relayEvent(event: OutboxEvent): Promise<number> {
  let queued = 0;
  for (const target of event.targets) {
    const endpoints = (await listEndpoints(target.channelId)).filter((e) => e.state === 'enabled' && e.events.includes(event.eventType));
    if (endpoints.length === 0) continue;
    const payload = JSON.stringify({
      type: event.eventType,
      timestamp: event.at,
      data: { holderRef: await holderRefOf(target.channelId, event.cardId), partnerUserId: target.partnerUserId, cardStatus: event.cardStatus },
    });
    for (const endpoint of endpoints) {
      const id = deliveryIdOf(event.eventId, endpoint.id);
      const created = await putDelivery({
        id,
        channelId: target.channelId,
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
  }
  return queued;
}
