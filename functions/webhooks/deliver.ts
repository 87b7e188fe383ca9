/**
 * One delivery attempt (Standard Webhooks 1.0): POST the stored body with `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (one `v1,` signature per active secret of the
 * endpoint, so both sign during a rotation), 10 s timeout, no redirects followed, and on a
 * deployed stage never to a private or link-local address (checked on the connection's own
 * lookup, `guardedLookup`). Any 2xx delivers; 410 disables the
 * endpoint; anything else is retried with backoff and jitter for at least 24 h.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { epochSeconds, now } from '../core/clock.js';
import { isLocalStage } from '../core/config.js';
import { logger } from '../core/logger.js';
import { pii } from '../core/pii/crypto.js';
import { getDelivery, recordAttempt, type DeliveryAttempt, type WebhookDelivery } from './delivery.store.js';
import { disableEndpoint, getEndpoint, type WebhookEndpoint } from './endpoint.store.js';
import { deliveryQueue, MAX_QUEUE_DELAY_S } from './queue.js';
import { isPrivateAddress, outcomeOf, retryDelaySeconds, shouldRetry } from './webhook.rules.js';

export const DELIVERY_TIMEOUT_MS = 10_000;

/** The `webhook-signature` header: a `v1,<base64>` per secret still signing at `at`. */
export async function signatureHeader(endpoint: WebhookEndpoint, id: string, at: Date, body: string): Promise<string> {
  const cipher = await pii();
  return endpoint.secrets
    .filter((s) => s.expiresAt === undefined || Date.parse(s.expiresAt) > at.getTime())
    .map((s) => new Webhook(cipher.decrypt('secret', s.secretEnc)).sign(id, at, body))
    .join(' ');
}

const PRIVATE = 'the host resolves to a private address';

/**
 * The DNS lookup of a delivery's connection: on a deployed stage it refuses a host with a
 * private address. It runs for the connection itself, so a host that answers a public address
 * to a first lookup and a private one to the next (DNS rebinding) cannot get through.
 */
function guardedLookup(hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    if (!isLocalStage() && addresses.some((a) => isPrivateAddress(a.address))) return callback(Object.assign(new Error(PRIVATE), { code: 'EPRIVATE' }), '');
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** POSTs the body; no redirect is followed (node:http never does), 10 s for the whole answer. */
export function postWebhook(url: string, headers: Record<string, string>, body: string): Promise<{ statusCode?: number; error?: string }> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ error: 'no answer' });
    }
    // An address literal is not looked up: check it here.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !isLocalStage() && isPrivateAddress(literal)) return resolve({ error: PRIVATE });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ statusCode: res.statusCode }));
      res.on('error', () => resolve({ statusCode: res.statusCode }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPRIVATE') resolve({ error: PRIVATE });
      else resolve({ error: err.name === 'AbortError' || err.code === 'ABORT_ERR' ? 'timeout after 10 s' : 'no answer' });
    });
    req.end(body);
  });
}

/** Attempts the delivery if it is due; schedules the next attempt or finishes it. */
export async function attemptDelivery(deliveryId: string): Promise<WebhookDelivery['status'] | 'not_due' | 'missing'> {
  const delivery = await getDelivery(deliveryId);
  if (!delivery) return 'missing';
  if (delivery.status !== 'pending') return delivery.status;
  const at = now();
  if (delivery.nextAttemptAt && Date.parse(delivery.nextAttemptAt) > at.getTime() + 1000) {
    // SQS delays are at most 15 minutes: hop until the attempt is due.
    await deliveryQueue().send(deliveryId, (Date.parse(delivery.nextAttemptAt) - at.getTime()) / 1000);
    return 'not_due';
  }
  const endpoint = await getEndpoint(delivery.ownerId, delivery.endpointId);
  let attempt: DeliveryAttempt;
  let outcome: ReturnType<typeof outcomeOf>;
  if (!endpoint || endpoint.state !== 'enabled') {
    attempt = { at: at.toISOString(), durationMs: 0, error: endpoint ? 'endpoint disabled' : 'endpoint deleted' };
    outcome = 'gone';
  } else {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'essc-webhooks/1',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(epochSeconds(at)),
      'webhook-signature': await signatureHeader(endpoint, delivery.id, at, delivery.payload),
    };
    const started = Date.now();
    const answer = await postWebhook(endpoint.url, headers, delivery.payload);
    attempt = { at: at.toISOString(), durationMs: Date.now() - started, ...answer };
    outcome = outcomeOf(answer.statusCode);
  }
  const first = delivery.attempts[0] ? new Date(delivery.attempts[0].at) : at;
  let status: WebhookDelivery['status'] = outcome === 'delivered' ? 'delivered' : 'failed';
  let next: string | undefined;
  if (outcome === 'retry' && shouldRetry(first, at)) {
    status = 'pending';
    next = new Date(at.getTime() + retryDelaySeconds(delivery.attempts.length + 1, Math.random()) * 1000).toISOString();
  }
  if (!(await recordAttempt(delivery, attempt, status, next))) return 'pending';
  if (outcome === 'gone' && endpoint && endpoint.state === 'enabled') await disableEndpoint(endpoint.ownerId, endpoint.id, 'the endpoint answered 410 Gone');
  if (next) await deliveryQueue().send(deliveryId, Math.min(MAX_QUEUE_DELAY_S, (Date.parse(next) - at.getTime()) / 1000));
  logger.info('webhook attempt', { deliveryId, ownerId: delivery.ownerId, statusCode: attempt.statusCode, outcome, status });
  return status;
}
