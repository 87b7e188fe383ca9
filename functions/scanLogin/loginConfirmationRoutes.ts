/** Confirming a login: its own bundle, the one that signs ID tokens (the OIDC signing key, PII keys). */
import { holderRoute } from '../core/http/holderRoute.js';
import { confirmLoginRequest as confirm } from './loginRequests.js';
import { issuer } from './oidc.js';
import { LoginConfirmationBody, LoginRequestIdParams } from './scanLogin.schemas.js';

export const confirmLoginRequest = holderRoute({
  method: 'POST',
  path: '/v1/login-requests/{id}/confirmation',
  summary: 'Confirm a login with the PIN or a face verification (purpose login)',
  success: 200,
  params: LoginRequestIdParams,
  body: LoginConfirmationBody,
  handler: async ({ params, body, session }) => ({ body: await confirm(session, params.id, body, issuer()) }),
});
