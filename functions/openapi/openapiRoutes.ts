/** The API reference: the generated OpenAPI document (functions/openapi/openapi.json, `npm run openapi`). */
import { publicRoute } from '../core/http/route.js';
import document from './openapi.json' with { type: 'json' };

export const openapi = publicRoute({
  method: 'GET',
  path: '/v1/openapi.json',
  summary: 'This document',
  success: 200,
  handler: async () => ({ body: document, headers: { 'cache-control': 'public, max-age=300' } }),
});
