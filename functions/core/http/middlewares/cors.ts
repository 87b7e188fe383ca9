import type { Middleware } from '../event.js';
import { isRegisteredOrigin } from '../webOrigins.store.js';

/** What a browser on a registered origin may read of an answer beyond the safelisted headers. */
const EXPOSED = 'retry-after';

/**
 * CORS for the routes a channel's H5 page calls (holder routes, session creation): an answer,
 * refusals included, is readable cross-origin only from an origin a channel registered.
 * Registered first in the chain, so it runs last and decorates whatever answer was made.
 * Signed routes never use it: they are server-to-server.
 */
export function cors(): Middleware {
  const decorate = async (request: Parameters<NonNullable<Middleware['after']>>[0]) => {
    const origin = request.event.headers?.origin;
    const response = request.response;
    if (!response || typeof response !== 'object') return;
    response.headers = { ...response.headers, vary: 'origin' };
    if (!origin) return;
    if (await isRegisteredOrigin(origin)) {
      response.headers['access-control-allow-origin'] = origin;
      response.headers['access-control-expose-headers'] = EXPOSED;
    }
  };
  return { after: decorate, onError: decorate };
}
