import { now } from '../../clock.js';
import { consumeLimit, type Limit } from '../../limits/limits.js';
import type { Middleware, RouteEvent } from '../event.js';

/**
 * Counts the request against its rate limit while the handler runs: the count is one more
 * gate (core/table/writeGate.ts), so nothing is written and nothing answered until it is
 * in, and a request over the limit is a 429 that wrote nothing.
 */
export function limitGate(limit: Limit, subject: (event: RouteEvent) => string): Middleware {
  return {
    before: ({ event }) => {
      const counted = consumeLimit(limit, subject(event), now());
      counted.catch(() => undefined);
      const before = event.writeGate;
      const gate = before ? before.then(() => counted) : counted;
      // Awaited by the route; an answer refused before the handler (bad input) never awaits it.
      gate.catch(() => undefined);
      event.writeGate = gate;
    },
  };
}

/** The middleware for a route's `limit` option, or the caller kind's default. */
export function limitFor(defaultLimit: Limit, subject: (event: RouteEvent) => string) {
  return (limit: Limit | false | undefined): Middleware | undefined =>
    limit === false ? undefined : limitGate(limit ?? defaultLimit, subject);
}
