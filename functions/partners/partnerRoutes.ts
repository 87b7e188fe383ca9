/**
 * The partner API (API.md, "Channel partners"): a channel's server, signed with one of its
 * keys (X-Essc-Channel, X-Essc-Key-Id). Keys, launch tickets and the channel's own users.
 */
import { channelOwnerKey, keyEnvironment, partnerRoute, type Channel } from '../channels/index.js';
import { keyRouteSpecs } from '../core/signing/keyRouteSpecs.js';
import { createLaunchTicket } from './launchTickets.js';
import { partnerUser } from './partnerUsers.js';
import { LaunchTicketAnswer, LaunchTicketBody, PartnerUserAnswer, PartnerUserParams, SignatureCheckAnswer, SignatureCheckBody } from './partners.schemas.js';
import { now } from '../core/clock.js';
import { signedRequestOf } from '../core/http/signedRoute.js';
import { canonicalString, sha256Hex } from '../core/signing/signature.rules.js';

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
  response: LaunchTicketAnswer,
  handler: async ({ channel, body }) => ({ body: await createLaunchTicket(channel, body) }),
});

export const getPartnerUser = partnerRoute({
  method: 'GET',
  path: '/v1/partner/users/{partnerUserId}',
  summary: 'Whether one of your users holds a card bound in your channel (as a pairwise holderRef)',
  success: 200,
  params: PartnerUserParams,
  response: PartnerUserAnswer,
  handler: async ({ channel, params }) => ({ body: await partnerUser(channel, params.partnerUserId) }),
});

export const checkPartnerSignature = partnerRoute({
  method: 'POST',
  path: '/v1/partner/signature-checks',
  summary: 'Check your request signing: a correctly signed call answers what essc verified; any other answers why not (stale_timestamp, unknown_key, body_hash_mismatch, bad_signature with the string essc signed)',
  description:
    'Sign a POST to this path with any JSON body, exactly as for any other call. Nothing is changed; the nonce is used up as always. The sandbox page of `npm start` sends pasted headers here.',
  success: 200,
  body: SignatureCheckBody,
  response: SignatureCheckAnswer,
  handler: async ({ channel, event }) => {
    const signed = signedRequestOf(event);
    return {
      body: {
        valid: true as const,
        channelId: channel.id,
        keyId: event.signingKeyId!,
        signedString: canonicalString({ method: signed.method, pathWithQuery: signed.pathWithQuery, timestamp: event.headers['x-essc-timestamp']!, nonce: event.headers['x-essc-nonce']!, body: signed.body }),
        bodySha256: sha256Hex(signed.body),
        serverTime: now().toISOString(),
      },
    };
  },
});
