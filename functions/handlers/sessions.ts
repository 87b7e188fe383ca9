import { route } from '../http/route.js';
import { CreateSessionBody } from '../schemas/holder.js';
import { createSession } from '../services/sessions.js';

/** POST /v1/sessions */
export const create = route({ auth: 'none', body: CreateSessionBody }, async ({ body }) => ({
  status: 201,
  body: await createSession(body),
}));
