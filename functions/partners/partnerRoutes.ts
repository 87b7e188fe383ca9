/**
 * The partner API (API.md, "Channel partners"): a channel's server, signed with one of its
 * keys (X-Essc-Channel, X-Essc-Key-Id). Keys, launch tickets and the channel's own users.
 */
import { channelOwnerKey, keyEnvironment, partnerRoute, type Channel } from '../channels/index.js';
import { keyRouteSpecs } from '../core/signing/keyRouteSpecs.js';
import { createLaunchTicket } from './launchTickets.js';
import { partnerUser } from './partnerUsers.js';
import { LaunchTicketBody, PartnerUserParams } from './partners.schemas.js';

const keyRoutes = /* @__PURE__ */ keyRouteSpecs<{ channel: Channel }>('/v1/partner/keys', 'channel', ({ channel }) => ({
  key: channelOwnerKey(channel.id),
  environment: keyEnvironment(channel.state),
}));

export const listPartnerKeys = partnerRoute(keyRoutes.list);
export const createPartnerKey = partnerRoute(keyRoutes.create);
export const deletePartnerKey = partnerRoute(keyRoutes.delete);

export const createPartnerLaunchTicket = partnerRoute({
  method: 'POST',
  path: '/v1/partner/launch-tickets',
  summary: 'A single-use launch ticket (5 min) for one of your users; open launchUrl in your app',
  success: 201,
  body: LaunchTicketBody,
  handler: async ({ channel, body }) => ({ body: await createLaunchTicket(channel, body) }),
});

export const getPartnerUser = partnerRoute({
  method: 'GET',
  path: '/v1/partner/users/{partnerUserId}',
  summary: 'Whether one of your users holds a card bound in your channel (as a pairwise holderRef)',
  success: 200,
  params: PartnerUserParams,
  handler: async ({ channel, params }) => ({ body: await partnerUser(channel, params.partnerUserId) }),
});
