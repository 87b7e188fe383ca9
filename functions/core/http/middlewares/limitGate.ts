import { now } from '../../clock.js';
import { consumeLimit, refundLimit, type Limit } from '../../limits/limits.js';
import type { Middleware, RouteEvent } from '../event.js';

/**
 * Counts the request against its rate limit while the handler runs: the count is one more
 * gate (core/table/writeGate.ts), so nothing is written and nothing answered until it is
 * in, and a request over the limit is a 429 that wrote nothing.
 */
export function limitGate(limit: Limit, subject: (event: RouteEvent) => string): Middleware {
  return countersGate((event) => [{ limit, subject: subject(event) }]);
}

/** One counted request against several limits at once (a signer's and its key's): all must have room. */
export interface Counter {
  limit: Limit;
  subject: string;
}

/**
 * As `limitGate`, for every counter `countersOf` names, all at once; when one refuses, the
 * others give their count back, so a call a key's share refuses does not spend its signer's
 * budget. Not one transaction: counters are hot items, and concurrent transactions on one
 * item conflict where plain conditional updates do not; not one after the other: that is a
 * round trip more on every call (bench/partner.ts).
 */
export function countersGate(countersOf: (event: RouteEvent) => Counter[]): Middleware {
  return {
    before: ({ event }) => {
      const at = now();
      const counters = countersOf(event);
      const counted = Promise.allSettled(counters.map((c) => consumeLimit(c.limit, c.subject, at))).then(async (outcomes) => {
        const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (!refused) return;
        await Promise.all(counters.map((c, i) => (outcomes[i]!.status === 'fulfilled' ? refundLimit(c.limit, c.subject, at) : undefined)));
        throw refused.reason;
      });
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
