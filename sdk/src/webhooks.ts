/**
 * Verifying essc's webhooks (Standard Webhooks 1.0) with the `standardwebhooks` package: the
 * signature over `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint's secret
 * (`whsec_…`), a timestamp within 5 minutes. During a secret rotation essc signs with both
 * secrets, so a receiver that still has the old one keeps verifying; one that has both may
 * pass both.
 *
 * Deduplicate on `webhook-id`: a retried delivery keeps its id.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { webhooks } from './schema.js';

/** What an institution's endpoints receive (bills and settlements); the rest is a channel's. */
export type InstitutionWebhookEventType = 'bill.paid' | 'bill.refunded' | 'settlement.settled';
export type WebhookEventType = Exclude<keyof webhooks, InstitutionWebhookEventType>;
/** The body of one delivery to a channel (the same shape for every type: `{type, timestamp, data}`). */
export type WebhookEvent = webhooks[WebhookEventType]['post']['requestBody']['content']['application/json'];
/** The body of one delivery to an institution: its bill or settlement, by its own ids and the pairwise patientRef. */
export type InstitutionWebhookEvent = webhooks[InstitutionWebhookEventType]['post']['requestBody']['content']['application/json'];

export { WebhookVerificationError };

/** The headers of a delivery, as a Headers object or a plain record (any case). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function headerRecord(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (out[name] = value));
    return out;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(' ') : value;
  }
  return out;
}

/**
 * The event of a delivery whose signature holds under one of `secrets`; throws a
 * `WebhookVerificationError` otherwise. `body` is the raw request body, exactly as received.
 */
export function verifyWebhook(body: string | Buffer, headers: WebhookHeaders, secrets: string | string[]): { id: string; event: WebhookEvent } {
  const record = headerRecord(headers);
  const payload = typeof body === 'string' ? body : body.toString('utf8');
  const list = (Array.isArray(secrets) ? secrets : [secrets]).filter(Boolean);
  if (list.length === 0) throw new TypeError('at least one webhook secret is required');
  let last: unknown;
  for (const secret of list) {
    try {
      const event = new Webhook(secret).verify(payload, record) as WebhookEvent;
      return { id: record['webhook-id']!, event };
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof WebhookVerificationError ? last : new WebhookVerificationError(String((last as Error)?.message ?? last));
}
