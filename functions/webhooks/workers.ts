/**
 * The webhook workers on AWS: the relay reads the table's stream (filtered to new outbox
 * items, serverless.yml) and queues deliveries (and manual redeliveries); the deliverer takes deliveries off the SQS
 * queue, one attempt each. A failed batch item is reported so only it is retried (and, after
 * the queue's receive limit, lands in the dead-letter queue).
 */
import type { DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { logger } from '../core/logger.js';
import { attemptDelivery } from './deliver.js';
import { institutionEventOf, outboxEventOf, redeliveryOf } from './outbox.store.js';
import { deliveryQueue } from './queue.js';
import { relayEvent, relayInstitutionEvent } from './relay.js';

/** Relays the outbox items among stream records (any other record is skipped). */
export async function relayRecords(records: { eventName?: string; dynamodb?: { NewImage?: Record<string, unknown> } }[]): Promise<number> {
  let queued = 0;
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    const event = outboxEventOf(item);
    if (event) queued += await relayEvent(event);
    const institutionEvent = institutionEventOf(item);
    if (institutionEvent) queued += await relayInstitutionEvent(institutionEvent);
    const redelivery = redeliveryOf(item);
    if (redelivery) {
      await deliveryQueue().send(redelivery, 0);
      queued += 1;
    }
  }
  return queued;
}

export const relayOutbox = async (event: DynamoDBStreamEvent): Promise<void> => {
  const queued = await relayRecords(event.Records as never);
  logger.info('outbox relayed', { records: event.Records.length, queued });
};

export const deliverWebhooks = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: { itemIdentifier: string }[] = [];
  for (const message of event.Records) {
    try {
      const { deliveryId } = JSON.parse(message.body) as { deliveryId: string };
      await attemptDelivery(deliveryId);
    } catch (err) {
      logger.error('webhook delivery failed', { error: err as Error });
      failures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures: failures };
};
