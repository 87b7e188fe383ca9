/** A channel's webhook endpoints, in the channel's webhook partition (`WEBHOOKS#<ownerId>`). */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { getRecord, queryPrefix } from '../core/table/records.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import type { WebhookEventType } from './webhook.rules.js';

export interface EndpointSecret {
  /** `whsec_<base64>`, encrypted (PiiCipher kind 'secret'). */
  secretEnc: string;
  createdAt: string;
  /** Set when a newer secret was made: both sign until then. */
  expiresAt?: string;
}

export interface WebhookEndpoint {
  id: string;
  ownerId: string;
  url: string;
  events: WebhookEventType[];
  state: 'enabled' | 'disabled';
  disabledReason?: string;
  secrets: EndpointSecret[];
  createdAt: string;
  version: number;
}

const endpointKey = (ownerId: string, id: string) => ({ pk: `WEBHOOKS#${ownerId}`, sk: `ENDPOINT#${id}` });

export async function listEndpoints(ownerId: string): Promise<WebhookEndpoint[]> {
  return queryPrefix<WebhookEndpoint>(`WEBHOOKS#${ownerId}`, 'ENDPOINT#', { consistent: false });
}

export async function getEndpoint(ownerId: string, id: string): Promise<WebhookEndpoint | undefined> {
  return getRecord<WebhookEndpoint>(endpointKey(ownerId, id));
}

export function endpointPut(endpoint: WebhookEndpoint): TransactItem {
  return { Put: newItem(endpointKey(endpoint.ownerId, endpoint.id), 'webhookEndpoint', endpoint) };
}

export function endpointDelete(ownerId: string, id: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: endpointKey(ownerId, id), ConditionExpression: 'attribute_exists(pk)' } };
}

/** Replaces the endpoint's secrets if it is still at `version`. */
export async function setEndpointSecrets(endpoint: WebhookEndpoint, secrets: EndpointSecret[]): Promise<boolean> {
  return conditionalUpdate(endpoint, 'SET secrets = :s, version = version + :one', { ':s': secrets });
}

/** Disables the endpoint (a 410 answer): no further deliveries. */
export async function disableEndpoint(ownerId: string, id: string, reason: string): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: endpointKey(ownerId, id),
        UpdateExpression: 'SET #state = :disabled, disabledReason = :reason, version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':disabled': 'disabled', ':reason': reason, ':one': 1 },
      }),
    );
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
  }
}

async function conditionalUpdate(endpoint: WebhookEndpoint, update: string, values: Record<string, unknown>): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: endpointKey(endpoint.ownerId, endpoint.id),
        UpdateExpression: update,
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ...values, ':v': endpoint.version, ':one': 1 },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}
