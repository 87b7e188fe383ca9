/** Request schemas of the partner webhook API. */
import * as z from 'zod/mini';
import { opaqueId } from '../core/schemas.js';
import { WEBHOOK_EVENT_TYPES } from './webhook.rules.js';

export const NewEndpointBody = z.strictObject({
  url: z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(500, 'too long')),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]], { error: `one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
    .check(z.minLength(1, 'at least one event type'), z.maxLength(WEBHOOK_EVENT_TYPES.length, 'too many')),
});

export const EndpointIdParams = z.object({ id: opaqueId });

export const DeliveriesQuery = z.strictObject({
  endpointId: z.optional(opaqueId),
  status: z.optional(z.enum(['pending', 'delivered', 'failed'])),
  cursor: z.optional(z.string().check(z.maxLength(2000, 'too long'))),
});
