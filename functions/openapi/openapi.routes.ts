import { route } from '../core/http/route.js';
import { openApiDocument } from './document.js';

let cached: Record<string, unknown> | undefined;

/** GET /v1/openapi.json */
export const handler = route({ auth: 'none' }, async () => ({
  status: 200,
  body: (cached ??= openApiDocument()),
}));
