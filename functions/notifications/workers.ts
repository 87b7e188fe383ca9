/**
 * The notifier on AWS: reads the table's stream (filtered to new holder events in the outbox,
 * serverless.yml) and tells each holder; and the reminder sweep, every few minutes, turns
 * due reminders into holder events. Locally the webhook worker feeds the same functions.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { holderEventOf, holderEventPart } from './holderEvent.store.js';
import { notifyHolder } from './notify.js';
import { dueReminders, reminderTold } from './reminder.store.js';

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

/** Due reminders become holder events, each removed in the same transaction (told once). */
export async function sweepReminders(at = now()): Promise<number> {
  let told = 0;
  for (const reminder of await dueReminders(at.toISOString())) {
    const refusal = await attemptTransact([
      ['reminder', reminderTold(reminder)],
      ['event', holderEventPart(reminder.kind, reminder.cardId, at, reminder.data)],
    ]);
    if (!refusal) told += 1;
  }
  return told;
}

export const remindHolders = async (): Promise<void> => {
  const told = await sweepReminders();
  logger.info('reminders sent', { told });
};
