/** Liveness: answers without touching the table, a key or a secret. */
import { publicRoute } from '../core/http/route.js';

export const health = publicRoute({
  method: 'GET',
  path: '/v1/health',
  summary: 'Liveness',
  success: 200,
  handler: async () => ({ body: { status: 'ok' } }),
});
