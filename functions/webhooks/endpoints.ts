/** A channel's webhook endpoints and delivery log, as its server manages them (API.md, "Webhooks"). */
import { randomBytes } from 'node:crypto';
import { now } from '../core/clock.js';
import { isLocalStage } from '../core/config.js';
import { sealCursor, openCursor } from '../core/cursor/cursor.js';
import { newId } from '../core/ids.js';
import { pii } from '../core/pii/crypto.js';
import { attemptTransact, transact, TransactionRefused } from '../core/table/transaction.js';
import { ROTATION_OVERLAP_MS } from '../core/signing/signingKey.rules.js';
import { getDelivery, listDeliveries, reopenDelivery, type WebhookDelivery } from './delivery.store.js';
import { endpointDelete, endpointPut, getEndpoint, listEndpoints, setEndpointSecrets, type WebhookEndpoint } from './endpoint.store.js';
import { webhookErrors } from './errors.js';
import { redeliveryPut } from './outbox.store.js';
import { checkEndpointUrl, type WebhookEventType } from './webhook.rules.js';

const MAX_ENDPOINTS = 10;

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

function endpointView(e: WebhookEndpoint) {
  return { id: e.id, url: e.url, events: e.events, state: e.state, ...(e.disabledReason ? { disabledReason: e.disabledReason } : {}), createdAt: e.createdAt };
}

export async function createEndpoint(ownerId: string, req: { url: string; events: WebhookEventType[] }) {
  const check = checkEndpointUrl(req.url, isLocalStage());
  if (!check.ok) throw webhookErrors.problem('invalid_webhook_url', { reason: check.reason }, { errors: [{ field: 'url', message: check.reason }] });
  if ((await listEndpoints(ownerId)).length >= MAX_ENDPOINTS) throw webhookErrors.problem('too_many_endpoints');
  const secret = newSecret();
  const endpoint: WebhookEndpoint = {
    id: newId('we'),
    ownerId,
    url: req.url,
    events: [...new Set(req.events)],
    state: 'enabled',
    secrets: [{ secretEnc: (await pii()).encrypt('secret', secret), createdAt: now().toISOString() }],
    createdAt: now().toISOString(),
    version: 0,
  };
  await transact([['endpoint', endpointPut(endpoint)]]);
  return { ...endpointView(endpoint), secret };
}

export async function endpointsOf(ownerId: string) {
  return { endpoints: (await listEndpoints(ownerId)).map(endpointView) };
}

export async function deleteEndpoint(ownerId: string, id: string): Promise<void> {
  try {
    await transact([['endpoint', endpointDelete(ownerId, id)]]);
  } catch (err) {
    if (err instanceof TransactionRefused) throw webhookErrors.problem('webhook_endpoint_not_found', { cause: err });
    throw err;
  }
}

/** A new secret; the current one keeps signing for 24 h (both signatures are sent meanwhile). */
export async function rotateEndpointSecret(ownerId: string, id: string) {
  const endpoint = await getEndpoint(ownerId, id);
  if (!endpoint) throw webhookErrors.problem('webhook_endpoint_not_found');
  const at = now();
  const expiresAt = new Date(at.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const secret = newSecret();
  const kept = endpoint.secrets
    .filter((s) => s.expiresAt === undefined || Date.parse(s.expiresAt) > at.getTime())
    .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < expiresAt ? s.expiresAt : expiresAt }));
  const secrets = [...kept, { secretEnc: (await pii()).encrypt('secret', secret), createdAt: at.toISOString() }];
  if (!(await setEndpointSecrets(endpoint, secrets))) throw webhookErrors.problem('webhook_changed');
  return { secret };
}

function deliveryView(d: WebhookDelivery) {
  return { id: d.id, endpointId: d.endpointId, eventId: d.eventId, type: d.eventType, status: d.status, createdAt: d.createdAt, ...(d.nextAttemptAt ? { nextAttemptAt: d.nextAttemptAt } : {}), attempts: d.attempts };
}

export async function deliveriesOf(ownerId: string, q: { endpointId?: string; status?: WebhookDelivery['status']; cursor?: string }) {
  const after = q.cursor ? String(openCursor(q.cursor, `deliveries:${ownerId}`).last ?? '') || undefined : undefined;
  const page = await listDeliveries(ownerId, 50, after, { endpointId: q.endpointId, status: q.status });
  return { deliveries: page.items.map(deliveryView), ...(page.last ? { cursor: sealCursor(`deliveries:${ownerId}`, { last: page.last }) } : {}) };
}

/** Sends a delivery once more now (whatever its status), keeping its `webhook-id`. */
export async function retryDelivery(ownerId: string, id: string) {
  const delivery = await getDelivery(id);
  if (!delivery || delivery.ownerId !== ownerId) throw webhookErrors.problem('webhook_delivery_not_found');
  const at = now();
  const refusal = await attemptTransact([
    ['delivery', reopenDelivery(delivery, at.toISOString())],
    ['redelivery', redeliveryPut(id, at)],
  ]);
  if (refusal) throw webhookErrors.problem('webhook_changed');
  return { id, status: 'pending' as const };
}
