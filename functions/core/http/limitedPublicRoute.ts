/**
 * A public route that touches the table (session creation): rate-limited per source IP.
 * Kept apart from publicRoute so health, the API document and the well-known routes carry
 * no table code at all.
 */
import type * as z from 'zod/v4/core';
import type { Limit } from '../limits/limits.js';
import { cors } from './middlewares/cors.js';
import { limitGate } from './middlewares/limitGate.js';
import { buildRoute, type RouteHandler, type RouteInput, type RouteResult, type RouteSpec } from './route.js';

type Schema = z.$ZodType | undefined;

export function limitedPublicRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: RouteSpec<B, Q, P> & { limit: Limit; handler: (input: RouteInput<B, Q, P>) => Promise<RouteResult> },
): RouteHandler {
  const limit = spec.limit;
  return buildRoute(
    {
      auth: 'public',
      input: () => ({}),
      cors: cors(),
      limited: () => limitGate(limit, (event) => event.requestContext?.http?.sourceIp ?? 'unknown'),
    },
    spec,
  );
}
