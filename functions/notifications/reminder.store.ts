/**
 * What is due later (a pension certification in 30 days, a temporary loss report's lapse):
 * `REMINDER#<cardId>#<kind>`, on the `REMINDERS` index by due time. Written or removed in the
 * transaction of the change that schedules it (a newer one replaces it); the reminder sweep
 * (workers.ts) turns each due reminder into a holder event, deleting it in the same
 * transaction, so each reminder is told once.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { fromItem } from '../core/table/item.js';
import type { NoticeData, NotificationKind } from './notification.rules.js';

export interface ReminderRecord {
  cardId: string;
  kind: NotificationKind;
  dueAt: string;
  data: NoticeData;
}

const reminderKey = (cardId: string, kind: NotificationKind) => ({ pk: `REMINDER#${cardId}#${kind}`, sk: 'REMINDER' });
const REMINDERS = 'REMINDERS';

/** Schedules (or moves) the card's reminder of this kind. */
export function reminderPut(kind: NotificationKind, cardId: string, dueAt: Date, data: NoticeData = {}): TransactItem {
  const dueIso = dueAt.toISOString();
  return {
    Put: {
      TableName: tableName(),
      Item: { ...reminderKey(cardId, kind), type: 'reminder', gsi1pk: REMINDERS, gsi1sk: `${dueIso}#${cardId}#${kind}`, cardId, kind, dueAt: dueIso, data },
    },
  };
}

/** Drops the card's reminder of this kind, if there is one (the thing it reminds of is done). */
export function reminderDelete(kind: NotificationKind, cardId: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: reminderKey(cardId, kind) } };
}

/** Removes a due reminder as it is told: only while it is still the one read (not moved meanwhile). */
export function reminderTold(reminder: ReminderRecord): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: reminderKey(reminder.cardId, reminder.kind),
      ConditionExpression: 'dueAt = :due',
      ExpressionAttributeValues: { ':due': reminder.dueAt },
    },
  };
}

/** Reminders due by `nowIso`, oldest first. */
export async function dueReminders(nowIso: string, limit = 100): Promise<ReminderRecord[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
      ExpressionAttributeValues: { ':p': REMINDERS, ':now': `${nowIso}#~` },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => fromItem<ReminderRecord>(item));
}
