/**
 * Webhook deliveries: one per event and endpoint, with every attempt (the delivery log).
 * Its id is the `webhook-id` header, the same on every retry; it is derived from the event
 * and endpoint, so a relay that runs twice for one event makes one delivery.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { epochSeconds } from '../core/clock.js';
import { ttlFrom } from '../core/retention.js';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { fromItem, newItem, type TransactItem } from '../core/table/item.js';

export interface DeliveryAttempt {
  at: string;
  /** The HTTP status; absent when there was no answer (timeout, refused connection). */
  statusCode?: number;
  durationMs: number;
  error?: string;
}

export interface WebhookDelivery {
  id: string;
  ownerId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The body as sent: `{type, timestamp, data}`. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  createdAt: string;
  nextAttemptAt?: string;
  version: number;
}

const deliveryKey = (id: string) => ({ pk: `DELIVERY#${id}`, sk: 'DELIVERY' });

export function deliveryIdOf(eventId: string, endpointId: string): string {
  return `msg_${createHash('sha256').update(`${eventId}:${endpointId}`).digest('base64url').slice(0, 27)}`;
}

/** Records a new delivery; false when it exists already (the relay ran twice). */
export async function putDelivery(d: WebhookDelivery): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand(
        newItem(deliveryKey(d.id), 'webhookDelivery', d, {
          gsi1pk: `DELIVERIES#${d.ownerId}`,
          gsi1sk: `${d.createdAt}#${d.id}`,
          ttl: ttlFrom('webhookDelivery', epochSeconds(new Date(d.createdAt))),
        }),
      ),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

export async function getDelivery(id: string): Promise<WebhookDelivery | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: deliveryKey(id), ConsistentRead: true }));
  return out.Item ? fromItem<WebhookDelivery>(out.Item) : undefined;
}

/** Appends an attempt and sets the status, if nobody else recorded one meanwhile. */
export async function recordAttempt(d: WebhookDelivery, attempt: DeliveryAttempt, status: WebhookDelivery['status'], nextAttemptAt: string | undefined): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(d.id),
        UpdateExpression: `SET attempts = list_append(attempts, :a), #status = :s, version = version + :one${nextAttemptAt ? ', nextAttemptAt = :n' : ''}${nextAttemptAt ? '' : ' REMOVE nextAttemptAt'}`,
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':a': [attempt], ':s': status, ':one': 1, ':v': d.version, ...(nextAttemptAt ? { ':n': nextAttemptAt } : {}) },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** Puts a delivery back to pending, due now (a manual retry), if nobody changed it since it was read. */
export function reopenDelivery(d: WebhookDelivery, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: deliveryKey(d.id),
      UpdateExpression: 'SET #status = :pending, nextAttemptAt = :at, version = version + :one',
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending', ':at': at, ':one': 1, ':v': d.version },
    },
  };
}

/** A channel's deliveries, newest first, a page at a time (`cursor`: the last gsi1sk seen). */
/** At most this many reads per page of a filtered list (each evaluates `limit` items). */
const MAX_READS_PER_PAGE = 10;

/**
 * A channel's deliveries, newest first, `limit` at a time, optionally only one endpoint's or
 * one status's. The filter runs in DynamoDB, and a page reads on until it has `limit` matches
 * (or has read MAX_READS_PER_PAGE times), so a filtered page is not short while more match.
 * `last` continues the list.
 */
export async function listDeliveries(
  ownerId: string,
  limit: number,
  after?: string,
  filter: { endpointId?: string; status?: WebhookDelivery['status'] } = {},
): Promise<{ items: WebhookDelivery[]; last?: string }> {
  const conditions: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  if (filter.endpointId) {
    conditions.push('endpointId = :endpointId');
    values[':endpointId'] = filter.endpointId;
  }
  if (filter.status) {
    conditions.push('#status = :status');
    values[':status'] = filter.status;
    names['#status'] = 'status';
  }
  const items: WebhookDelivery[] = [];
  let from = after;
  for (let read = 0; read < MAX_READS_PER_PAGE; read++) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: from ? 'gsi1pk = :pk AND gsi1sk < :after' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `DELIVERIES#${ownerId}`, ...(from ? { ':after': from } : {}), ...values },
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    for (const item of out.Items ?? []) {
      items.push(fromItem<WebhookDelivery>(item));
      if (items.length === limit) return { items, last: String(item.gsi1sk) };
    }
    if (!out.LastEvaluatedKey) return { items };
    from = String(out.LastEvaluatedKey.gsi1sk);
  }
  return { items, ...(from ? { last: from } : {}) };
}
