/** Logging in: the platform's login code for an essc session token. */
import { limitedPublicRoute } from '../core/http/limitedPublicRoute.js';
import * as sessions from './createSession.js';
import { CreateSessionBody } from './sessions.schemas.js';
import { LIMITS } from '../core/limits/limits.js';

export const createSession = limitedPublicRoute({
  method: 'POST',
  path: '/v1/sessions',
  summary: 'Log in with a platform login code',
  success: 201,
  limit: LIMITS.sessionsPerIp,
  body: CreateSessionBody,
  handler: async ({ body }) => ({ body: await sessions.createSession(body) }),
});
