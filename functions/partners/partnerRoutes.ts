/**
 * The partner API (API.md, "Channel partners"): a channel's server, signed with one of its
 * keys (X-Essc-Channel, X-Essc-Key-Id). Keys, launch tickets and the channel's own users.
 */
import { channelOwnerKey, keyEnvironment, partnerRoute } from '../channels/index.js';
import { KeyIdParams, NewKeyBody } from '../core/signing/keys.schemas.js';
import { createKey, deleteKey, listKeys, type NewKey } from '../core/signing/keys.js';
import { createLaunchTicket } from './launchTickets.js';
import { partnerUser } from './partnerUsers.js';
import { LaunchTicketBody, PartnerUserParams } from './partners.schemas.js';

export const listPartnerKeys = partnerRoute({
  method: 'GET',
  path: '/v1/partner/keys',
  summary: "The channel's signing keys (never their secrets)",
  success: 200,
  handler: async ({ channel }) => ({ body: { keys: await listKeys(channelOwnerKey(channel.id)) } }),
});

export const createPartnerKey = partnerRoute({
  method: 'POST',
  path: '/v1/partner/keys',
  summary: 'Make a signing key (HMAC-SHA256: the secret is shown once; SM2-SM3: register your public key); older keys expire 24 h later',
  success: 201,
  body: NewKeyBody,
  handler: async ({ channel, body }) => ({
    body: await createKey(channelOwnerKey(channel.id), body as NewKey, keyEnvironment(channel.state)),
  }),
});

export const deletePartnerKey = partnerRoute({
  method: 'DELETE',
  path: '/v1/partner/keys/{keyId}',
  summary: 'Delete a signing key (never the last active one)',
  success: 204,
  params: KeyIdParams,
  handler: async ({ channel, params }) => {
    await deleteKey(channelOwnerKey(channel.id), params.keyId);
    return { status: 204 };
  },
});

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
