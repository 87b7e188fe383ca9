/** The partner webhook API (API.md, "Webhooks"): endpoints, secret rotation, the delivery log, manual retry. */
import { partnerRoute } from '../channels/index.js';
import { createEndpoint, deleteEndpoint, deliveriesOf, endpointsOf, retryDelivery, rotateEndpointSecret } from './endpoints.js';
import type { WebhookEventType } from './webhook.rules.js';
import { DeliveriesQuery, DeliveryListAnswer, EndpointIdParams, EndpointListAnswer, NewEndpointAnswer, NewEndpointBody, RetryAnswer, SecretAnswer } from './webhooks.schemas.js';

export const createWebhookEndpoint = partnerRoute({
  method: 'POST',
  path: '/v1/partner/webhook-endpoints',
  summary: 'Register a webhook endpoint for some event types; its signing secret (whsec_…) is shown once',
  success: 201,
  body: NewEndpointBody,
  response: NewEndpointAnswer,
  handler: async ({ channel, body }) => ({ body: await createEndpoint(channel.id, { url: body.url, events: body.events as WebhookEventType[] }) }),
});

export const listWebhookEndpoints = partnerRoute({
  method: 'GET',
  path: '/v1/partner/webhook-endpoints',
  summary: "The channel's webhook endpoints",
  success: 200,
  response: EndpointListAnswer,
  handler: async ({ channel }) => ({ body: await endpointsOf(channel.id) }),
});

export const deleteWebhookEndpoint = partnerRoute({
  method: 'DELETE',
  path: '/v1/partner/webhook-endpoints/{id}',
  summary: 'Delete a webhook endpoint',
  success: 204,
  params: EndpointIdParams,
  handler: async ({ channel, params }) => {
    await deleteEndpoint(channel.id, params.id);
    return { status: 204 };
  },
});

export const rotateWebhookSecret = partnerRoute({
  method: 'POST',
  path: '/v1/partner/webhook-endpoints/{id}/secret-rotation',
  summary: 'A new signing secret; the old one keeps signing for 24 h (both signatures are sent)',
  success: 200,
  params: EndpointIdParams,
  response: SecretAnswer,
  handler: async ({ channel, params }) => ({ body: await rotateEndpointSecret(channel.id, params.id) }),
});

export const listWebhookDeliveries = partnerRoute({
  method: 'GET',
  path: '/v1/partner/webhook-deliveries',
  summary: 'Deliveries, newest first, each with every attempt (time, status code, duration)',
  success: 200,
  query: DeliveriesQuery,
  response: DeliveryListAnswer,
  handler: async ({ channel, query }) => ({ body: await deliveriesOf(channel.id, query as Parameters<typeof deliveriesOf>[1]) }),
});

export const retryWebhookDelivery = partnerRoute({
  method: 'POST',
  path: '/v1/partner/webhook-deliveries/{id}/retry',
  summary: 'Send a delivery again now, with the same webhook-id',
  success: 202,
  params: EndpointIdParams,
  response: RetryAnswer,
  handler: async ({ channel, params }) => ({ status: 202, body: await retryDelivery(channel.id, params.id) }),
});
