import { route } from '../core/http/route.js';

export const handler = route({ auth: 'none' }, async () => ({ status: 200, body: { status: 'ok' } }));
