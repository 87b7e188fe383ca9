/** OpenID Connect discovery and the signing keys (public, cacheable). */
import { route } from '../core/http/route.js';
import { discoveryDocument, issuerFor, jwks } from './oidc.js';

/** GET /.well-known/openid-configuration */
export const openidConfiguration = route({ auth: 'none' }, async ({ event }) => ({
  status: 200,
  body: discoveryDocument(issuerFor(event.headers?.host ?? event.requestContext?.domainName)),
  headers: { 'cache-control': 'public, max-age=300' },
}));

/** GET /.well-known/jwks.json */
export const jwksHandler = route({ auth: 'none' }, async () => ({
  status: 200,
  body: await jwks(),
  headers: { 'cache-control': 'public, max-age=300' },
}));
