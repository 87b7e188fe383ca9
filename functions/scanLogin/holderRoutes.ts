/** Scan-to-login, the holder's side: who asks, for what (confirming: loginConfirmationRoutes.ts). */
import { holderRoute } from '../core/http/holderRoute.js';
import { loginRequestForHolder } from './loginRequests.js';
import { LoginRequestIdParams } from './scanLogin.schemas.js';

export const getLoginRequest = holderRoute({
  method: 'GET',
  path: '/v1/login-requests/{id}',
  summary: 'Who asks to log the holder in, for what',
  success: 200,
  params: LoginRequestIdParams,
  handler: async ({ params, session }) => ({ body: await loginRequestForHolder(session, params.id) }),
});

