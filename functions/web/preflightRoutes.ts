/**
 * CORS preflight for the whole API (API Gateway's own CORS is off: it would answer every
 * origin on every route). A registered H5 origin may call the holder routes and session
 * creation; no browser may call a signed route (terminals, portals, partners sign on a
 * server, and a page holding their secret would be a leak), and no other origin anything.
 */
import { publicRoute } from '../core/http/route.js';
import { isRegisteredOrigin } from '../core/http/webOrigins.store.js';

/** The paths of signed routes: server-to-server only (tests/unit/architecture checks every signed route is under one). */
export const SIGNED_PATH_PREFIXES = ['/v1/terminal/', '/v1/portal/', '/v1/partner/'] as const;

const ALLOWED = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key',
  'access-control-max-age': '600',
};

export async function preflightHeaders(origin: string | undefined, path: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = { vary: 'origin' };
  if (!origin || SIGNED_PATH_PREFIXES.some((p) => path.startsWith(p))) return headers;
  if (!(await isRegisteredOrigin(origin))) return headers;
  return { ...headers, ...ALLOWED, 'access-control-allow-origin': origin };
}

export const corsPreflight = publicRoute({
  method: 'OPTIONS',
  path: '/{proxy+}',
  summary: 'CORS preflight: registered H5 origins, never on signed routes',
  success: 204,
  handler: async ({ event }) => ({ headers: await preflightHeaders(event.headers?.origin, event.rawPath ?? '') }),
});
