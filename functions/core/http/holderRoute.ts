/** Routes of the holder API: a valid session token (`Authorization: Bearer …`) is required. */
import type * as z from 'zod/v4/core';
import { LIMITS } from '../limits/limits.js';
import { limitFor } from './middlewares/limitGate.js';
import { verifySessionToken, type Session } from '../session/sessionToken.js';
import { sessionErrors } from '../session/errors.js';
import { channelStillActive } from '../session/channelStanding.js';
import type { Middleware } from './event.js';
import { cors } from './middlewares/cors.js';
import { recordTrail } from '../audit/audit.store.js';
import { buildRoute, type Authentication, type RouteHandler, type RouteInput, type RouteResult, type RouteSpec } from './route.js';

type Schema = z.$ZodType | undefined;

/**
 * Verifies the session token and puts the session on the event; the session's channel must
 * still be active, checked alongside the call's reads (the write gate).
 */
export function holderAuth(): Middleware {
  return {
    before: async (request) => {
      const header = request.event.headers?.authorization;
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      if (!match?.[1]) {
        throw sessionErrors.problem('missing_token');
      }
      const session = await verifySessionToken(match[1]);
      request.event.auth = session;
      const standing = channelStillActive(session.channelId);
      // Awaited by the route; an answer refused before the handler (bad input) never awaits it.
      standing.catch(() => undefined);
      request.event.writeGate = standing;
    },
  };
}

/** The holder builder's authentication (exported for bench/features.ts, which measures its parts). */
export const holderAuthentication: Authentication<{ session: Session }> = {
  auth: 'holder',
  middleware: holderAuth(),
  cors: cors(),
  audit: {
    actorOf: (event) => ({ kind: 'holder', channelId: (event.auth as Session | undefined)?.channelId }),
    record: recordTrail,
  },
  input: (event) => {
    if (!event.auth) throw sessionErrors.problem('missing_token');
    return { session: event.auth as Session };
  },
  limited: limitFor(LIMITS.holderCalls, (event) => {
    const session = event.auth as Session;
    return `${session.channelId}:${session.openid}`;
  }),
};

export function holderRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: RouteSpec<B, Q, P> & { handler: (input: RouteInput<B, Q, P> & { session: Session }) => Promise<RouteResult> },
): RouteHandler {
  return buildRoute(holderAuthentication, spec);
}
