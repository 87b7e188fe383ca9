/** Scan-to-login, the portal's side: signed by the portal channel (X-Essc-Channel). */
import { portalRoute } from '../channels/index.js';
import { createLoginRequest as create, loginRequestForPortal } from './loginRequests.js';
import { CreateLoginRequestBody, LoginRequestIdParams } from './scanLogin.schemas.js';
import { CreatedLoginRequestAnswer, PortalLoginRequestAnswer } from './portalAnswers.schemas.js';
import { LIMITS } from '../core/limits/limits.js';

export const createLoginRequest = portalRoute({
  method: 'POST',
  path: '/v1/portal/login-requests',
  summary: 'Create a scan-to-login request (QR content essc://login?r=<id>)',
  success: 201,
  limit: LIMITS.loginRequests,
  body: CreateLoginRequestBody,
  response: CreatedLoginRequestAnswer,
  handler: async ({ body, channel }) => ({ body: await create(channel, body) }),
});

export const getPortalLoginRequest = portalRoute({
  method: 'GET',
  path: '/v1/portal/login-requests/{id}',
  summary: 'Poll a login request of this portal (ID token once confirmed)',
  success: 200,
  params: LoginRequestIdParams,
  response: PortalLoginRequestAnswer,
  handler: async ({ params, channel }) => ({ body: await loginRequestForPortal(channel, params.id) }),
});
