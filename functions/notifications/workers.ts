/**
 * The notifier on AWS: reads the table's stream (filtered to new holder events in the outbox,
 * serverless.yml) and tells each holder. Locally the webhook worker feeds the same function.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { logger } from '../core/logger.js';
import { holderEventOf } from './holderEvent.store.js';
import { notifyHolder } from './notify.js';

/** Tells the holders of the holder events among stream records (any other record is skipped). */
export async function notifyRecords(records: { eventName?: string; dynamodb?: { NewImage?: Record<string, unknown> } }[]): Promise<number> {
  let told = 0;
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const event = holderEventOf(unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>));
    if (!event) continue;
    await notifyHolder(event);
    told += 1;
  }
  return told;
}

export const notifyFromOutbox = async (event: DynamoDBStreamEvent): Promise<void> => {
  const told = await notifyRecords(event.Records as never);
  logger.info('holders notified', { records: event.Records.length, told });
};
