/**
 * An institution's webhook endpoints (API.md, "Online medical payment"): `bill.paid`,
 * `bill.refunded` and `settlement.settled`, with the same fields, signing and delivery as a
 * partner's, owned by `institution:<id>`.
 */
import { terminalRoute } from '../institutions/index.js';
import { createEndpoint, deleteEndpoint, deliveriesOf, endpointsOf, retryDelivery, rotateEndpointSecret } from './endpoints.js';
import { institutionOwner, type WebhookEventType } from './webhook.rules.js';
import { DeliveriesQuery, DeliveryListAnswer, EndpointIdParams, EndpointListAnswer, NewEndpointAnswer, NewInstitutionEndpointBody, RetryAnswer, SecretAnswer } from './webhooks.schemas.js';

export const createTerminalWebhookEndpoint = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/webhook-endpoints',
  summary: 'Register a webhook endpoint for bill and settlement events; its signing secret (whsec_…) is shown once',
  success: 201,
  body: NewInstitutionEndpointBody,
  response: NewEndpointAnswer,
  handler: async ({ institution, body }) => ({
    body: await createEndpoint(institutionOwner(institution.id), { url: body.url, events: body.events as WebhookEventType[] }),
  }),
});

export const listTerminalWebhookEndpoints = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/webhook-endpoints',
  summary: "The institution's webhook endpoints",
  success: 200,
  response: EndpointListAnswer,
  handler: async ({ institution }) => ({ body: await endpointsOf(institutionOwner(institution.id)) }),
});

export const deleteTerminalWebhookEndpoint = terminalRoute({
  method: 'DELETE',
  path: '/v1/terminal/webhook-endpoints/{id}',
  summary: 'Delete a webhook endpoint',
  success: 204,
  params: EndpointIdParams,
  handler: async ({ institution, params }) => {
    await deleteEndpoint(institutionOwner(institution.id), params.id);
    return { status: 204 };
  },
});

export const rotateTerminalWebhookSecret = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/webhook-endpoints/{id}/secret-rotation',
  summary: 'A new signing secret; the old one keeps signing for 24 h (both signatures are sent)',
  success: 200,
  params: EndpointIdParams,
  response: SecretAnswer,
  handler: async ({ institution, params }) => ({ body: await rotateEndpointSecret(institutionOwner(institution.id), params.id) }),
});

export const listTerminalWebhookDeliveries = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/webhook-deliveries',
  summary: 'Deliveries, newest first, each with every attempt',
  success: 200,
  query: DeliveriesQuery,
  response: DeliveryListAnswer,
  handler: async ({ institution, query }) => ({ body: await deliveriesOf(institutionOwner(institution.id), query as Parameters<typeof deliveriesOf>[1]) }),
});

export const retryTerminalWebhookDelivery = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/webhook-deliveries/{id}/retry',
  summary: 'Send a delivery again now, with the same webhook-id',
  success: 202,
  params: EndpointIdParams,
  response: RetryAnswer,
  handler: async ({ institution, params }) => ({ status: 202, body: await retryDelivery(institutionOwner(institution.id), params.id) }),
});
