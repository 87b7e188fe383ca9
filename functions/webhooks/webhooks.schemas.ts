/** Request schemas of the partner webhook API. */
import * as z from 'zod/mini';
import { cardStatus, opaqueId } from '../core/schemas.js';
import { INSTITUTION_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from './webhook.rules.js';

export const NewEndpointBody = z.strictObject({
  url: z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(500, 'too long')),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]], { error: `one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
    .check(z.minLength(1, 'at least one event type'), z.maxLength(WEBHOOK_EVENT_TYPES.length, 'too many')),
});

/** An institution's endpoint: for its bill and settlement events. */
export const NewInstitutionEndpointBody = z.strictObject({
  url: z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(500, 'too long')),
  events: z
    .array(z.enum(INSTITUTION_EVENT_TYPES as [string, ...string[]], { error: `one of ${INSTITUTION_EVENT_TYPES.join(', ')}` }))
    .check(z.minLength(1, 'at least one event type'), z.maxLength(INSTITUTION_EVENT_TYPES.length, 'too many')),
});

export const EndpointIdParams = z.object({ id: opaqueId });

export const DeliveriesQuery = z.strictObject({
  endpointId: z.optional(opaqueId),
  status: z.optional(z.enum(['pending', 'delivered', 'failed'])),
  cursor: z.optional(z.string().check(z.maxLength(2000, 'too long'))),
});

// Answers and the delivered body (the API reference's paths and webhooks, the SDK's types).

const eventType = z.enum([...WEBHOOK_EVENT_TYPES, ...INSTITUTION_EVENT_TYPES] as [string, ...string[]]);

const endpointFields = {
  id: z.string(),
  url: z.string(),
  events: z.array(eventType),
  state: z.enum(['enabled', 'disabled']),
  disabledReason: z.optional(z.string()),
  createdAt: z.string(),
};

export const EndpointListAnswer = z.object({ endpoints: z.array(z.object(endpointFields)) });
/** `secret` (`whsec_…`) is shown this once. */
export const NewEndpointAnswer = z.object({ ...endpointFields, secret: z.string() });
export const SecretAnswer = z.object({ secret: z.string() });

const attempt = z.object({ at: z.string(), statusCode: z.optional(z.number()), durationMs: z.number(), error: z.optional(z.string()) });

export const DeliveryListAnswer = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      endpointId: z.string(),
      eventId: z.string(),
      type: eventType,
      status: z.enum(['pending', 'delivered', 'failed']),
      createdAt: z.string(),
      nextAttemptAt: z.optional(z.string()),
      attempts: z.array(attempt),
    }),
  ),
  /** The next page's cursor, while there is one. */
  cursor: z.optional(z.string()),
});

export const RetryAnswer = z.object({ id: z.string(), status: z.literal('pending') });

/** The body of every delivery: thin, pairwise, no personal data (API.md). */
export const WebhookEventBody = z.object({
  type: eventType,
  timestamp: z.string(),
  data: z.object({
    holderRef: z.string(),
    partnerUserId: z.string(),
    cardStatus,
  }),
});

/** The webhooks the API reference declares, one per event type. */
export const WEBHOOK_DECLARATIONS = [
  ['card.claimed', 'A holder claimed a card in your channel (or bound an existing one)'],
  ['card.loss_reported', 'A holder reported the card lost (temporary or formal)'],
  ['card.loss_lifted', 'A temporary loss report was lifted'],
  ['card.cancelled', 'The card was cancelled'],
  ['binding.removed', 'The holder unbound the card from your channel'],
  ['pin.changed', "The holder changed or reset the card's PIN"],
].map(([type, summary]) => ({ type: type!, summary: summary!, payload: WebhookEventBody }));

/** The body of an institution's delivery: its bill or settlement, by its own ids and the pairwise patientRef. */
export const InstitutionEventBody = z.object({
  type: z.enum(INSTITUTION_EVENT_TYPES as [string, ...string[]]),
  timestamp: z.string(),
  data: z.object({
    billId: z.optional(z.string()),
    settlementId: z.optional(z.string()),
    institutionOrderId: z.string(),
    patientRef: z.string(),
    status: z.string(),
    split: z.object({ total: z.int(), pooledFund: z.int(), personalAccount: z.int(), familyAccount: z.int(), cash: z.int() }),
    refund: z.optional(z.object({ id: z.string(), kind: z.enum(['all', 'cash', 'insurance']), amounts: z.object({ pooledFund: z.int(), personalAccount: z.int(), familyAccount: z.int(), cash: z.int() }) })),
  }),
});

/** The webhooks an institution's endpoints receive. */
export const INSTITUTION_WEBHOOK_DECLARATIONS = [
  ['bill.paid', 'A holder paid a bill you pushed (insurance parts settled, cash confirmed by the payment provider)'],
  ['bill.refunded', 'A refund of a paid bill completed (all, cash or insurance)'],
  ['settlement.settled', 'A settlement at your terminal was settled'],
].map(([type, summary]) => ({ type: type!, summary: summary!, payload: InstitutionEventBody }));
