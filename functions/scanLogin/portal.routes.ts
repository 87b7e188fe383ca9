/** Scan-to-login: portal routes (signed, X-Essc-Channel) and holder routes (session). */
import { route } from '../core/http/route.js';
import type { RouteEvent } from '../core/http/middlewares.js';
import { CreateLoginRequestBody, LoginConfirmationBody, LoginRequestIdParams } from './scanLogin.schemas.js';
import { issuerFor } from './oidc.js';
import {
  confirmLoginRequest,
  createLoginRequest,
  loginRequestForHolder,
  loginRequestForPortal,
} from './loginRequests.js';

const issuer = (event: RouteEvent) => issuerFor(event.headers?.host ?? event.requestContext?.domainName);

/** POST /v1/portal/login-requests */
export const create = route({ auth: 'portal', body: CreateLoginRequestBody }, async ({ body, portal }) => ({
  status: 201,
  body: await createLoginRequest(portal, body),
}));

/** GET /v1/portal/login-requests/{id}: polled by the portal until confirmed or expired. */
export const get = route({ auth: 'portal', params: LoginRequestIdParams }, async ({ params, portal }) => ({
  status: 200,
  body: await loginRequestForPortal(portal, params.id),
}));

/** GET /v1/login-requests/{id}: who asks, for what (the holder, after scanning). */
export const holderGet = route({ auth: 'holder', params: LoginRequestIdParams }, async ({ params, session }) => ({
  status: 200,
  body: await loginRequestForHolder(session, params.id),
}));

/** POST /v1/login-requests/{id}/confirmation {pin | faceVerificationId} */
export const confirm = route(
  { auth: 'holder', params: LoginRequestIdParams, body: LoginConfirmationBody },
  async ({ params, body, session, event }) => ({
    status: 200,
    body: await confirmLoginRequest(session, params.id, body, issuer(event)),
  }),
);
