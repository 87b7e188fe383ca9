/**
 * The route builder of a proof's public routes (its download link, its verification page):
 * anyone may call, rate-limited per source IP, and each call that reaches a proof writes the
 * access log of the person it is about (basis `proof`, actor `public`), as a holder route does.
 * limitedPublicRoute keeps no access log: the routes built on it reach no one's information.
 */
import type * as z from 'zod/v4/core';
import { recordTrail } from '../core/audit/audit.store.js';
import { cors } from '../core/http/middlewares/cors.js';
import { limitGate } from '../core/http/middlewares/limitGate.js';
import { buildRoute, type RouteHandler, type RouteInput, type RouteResult, type RouteSpec } from '../core/http/route.js';
import { LIMITS } from '../core/limits/limits.js';

type Schema = z.$ZodType | undefined;

export function proofLinkRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: RouteSpec<B, Q, P> & { handler: (input: RouteInput<B, Q, P>) => Promise<RouteResult> },
): RouteHandler {
  return buildRoute(
    {
      auth: 'public',
      input: () => ({}),
      cors: cors(),
      audit: { actorOf: () => ({ kind: 'public' }), record: recordTrail },
      limited: () => limitGate(LIMITS.proofsPerIp, (event) => event.requestContext?.http?.sourceIp ?? 'unknown'),
    },
    spec,
  );
}
