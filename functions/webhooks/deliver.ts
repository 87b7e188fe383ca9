/**
 * One delivery attempt (Standard Webhooks 1.0): POST the stored body with `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (one `v1,` signature per active secret of the
 * endpoint, so both sign during a rotation), 10 s timeout, no redirects followed, and on a
 * deployed stage never to a private or link-local address. Any 2xx delivers; 410 disables the
 * endpoint; anything else is retried with backoff and jitter for at least 24 h.
 */
import { lookup } from 'node:dns/promises';
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

/** Refuses a host that resolves to a private address (deployed stages only). */
async function checkDestination(url: URL): Promise<string | undefined> {
  if (isLocalStage()) return undefined;
  const addresses = await lookup(url.hostname, { all: true });
  return addresses.some((a) => isPrivateAddress(a.address)) ? 'the host resolves to a private address' : undefined;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ statusCode?: number; error?: string }> {
  try {
    const blocked = await checkDestination(new URL(url));
    if (blocked) return { error: blocked };
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    await res.body?.cancel();
    return { statusCode: res.status };
  } catch (err) {
    return { error: (err as Error).name === 'TimeoutError' ? 'timeout after 10 s' : 'no answer' };
  }
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
  const endpoint = await getEndpoint(delivery.channelId, delivery.endpointId);
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
    const answer = await post(endpoint.url, headers, delivery.payload);
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
  if (outcome === 'gone' && endpoint && endpoint.state === 'enabled') await disableEndpoint(endpoint.channelId, endpoint.id, 'the endpoint answered 410 Gone');
  if (next) await deliveryQueue().send(deliveryId, Math.min(MAX_QUEUE_DELAY_S, (Date.parse(next) - at.getTime()) / 1000));
  logger.info('webhook attempt', { deliveryId, channelId: delivery.channelId, statusCode: attempt.statusCode, outcome, status });
  return status;
}
