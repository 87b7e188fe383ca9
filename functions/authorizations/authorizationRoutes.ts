/** 授权管理: the channels and portals that hold the card, and revoking one. */
import { holderRoute } from '../core/http/holderRoute.js';
import { authorizationsOf, revokeAuthorization as revoke } from './authorizations.js';
import { AuthorizationParams, RevokeBody } from './authorizations.schemas.js';

export const listAuthorizations = holderRoute({
  method: 'GET',
  path: '/v1/cards/me/authorizations',
  summary: 'Every channel the card is bound in and every portal the holder logged in to',
  success: 200,
  handler: async ({ session }) => ({ body: await authorizationsOf(session) }),
});

export const revokeAuthorization = holderRoute({
  method: 'DELETE',
  path: '/v1/cards/me/authorizations/{channelId}',
  summary: 'Revoke a channel’s binding or a portal’s grant (PIN or face; confirm for this app or the last binding)',
  success: 204,
  params: AuthorizationParams,
  body: RevokeBody,
  handler: async ({ session, params, body }) => {
    await revoke(session, params.channelId, body);
    return {};
  },
});
