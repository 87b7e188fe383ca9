/** OpenID Connect discovery and the signing keys (public, cacheable; no secret reaches these functions). */
import { publicRoute } from '../core/http/route.js';
import { discoveryDocument, issuer, jwks as publicKeys } from './oidc.js';

export const openidConfiguration = publicRoute({
  method: 'GET',
  path: '/.well-known/openid-configuration',
  summary: 'OpenID Connect discovery',
  success: 200,
  handler: async () => ({
    body: discoveryDocument(issuer()),
    headers: { 'cache-control': 'public, max-age=300' },
  }),
});

export const jwks = publicRoute({
  method: 'GET',
  path: '/.well-known/jwks.json',
  summary: 'ID token signing keys',
  success: 200,
  handler: async () => ({ body: publicKeys(), headers: { 'cache-control': 'public, max-age=300' } }),
});
