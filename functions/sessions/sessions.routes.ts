import { route } from '../core/http/route.js';
import { CreateSessionBody } from '../cards/cards.schemas.js';
import { createSession } from './createSession.js';

/** POST /v1/sessions */
export const create = route({ auth: 'none', body: CreateSessionBody }, async ({ body }) => ({
  status: 201,
  body: await createSession(body),
}));
