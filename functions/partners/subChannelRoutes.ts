/**
 * The partner API of a tier-1 channel for its tier-2 channels (docs/api-extensions.md):
 * list, create, change, move between states, and make a child's signing key.
 */
import {
  NewSubChannel,
  partnerRoute,
  SubChannelAnswer,
  SubChannelChanges,
  SubChannelListAnswer,
  SubChannelParams,
  SubChannelState,
  subChannels,
} from '../channels/index.js';
import type { NewKey } from '../core/signing/keys.js';
import { NewKeyAnswer, NewKeyBody } from '../core/signing/keys.schemas.js';

export const listSubChannels = partnerRoute({
  method: 'GET',
  path: '/v1/partner/channels',
  summary: 'Your tier-2 channels (tier-1 channels only)',
  success: 200,
  response: SubChannelListAnswer,
  handler: async ({ channel }) => ({ body: await subChannels.list(channel) }),
});

export const createSubChannel = partnerRoute({
  method: 'POST',
  path: '/v1/partner/channels',
  summary: 'Make a tier-2 channel under yours, within your services; it starts in the sandbox',
  success: 201,
  body: NewSubChannel,
  response: SubChannelAnswer,
  handler: async ({ channel, body }) => ({ body: await subChannels.create(channel, body) }),
});

export const updateSubChannel = partnerRoute({
  method: 'PUT',
  path: '/v1/partner/channels/{channelId}',
  summary: "Change a tier-2 channel's name, services (within yours) or web origins",
  success: 200,
  params: SubChannelParams,
  body: SubChannelChanges,
  response: SubChannelAnswer,
  handler: async ({ channel, params, body }) => ({ body: await subChannels.update(channel, params.channelId, body) }),
});

export const setSubChannelState = partnerRoute({
  method: 'POST',
  path: '/v1/partner/channels/{channelId}/state',
  summary: 'Put a tier-2 channel live (once you are), suspend it, resume it (sandbox or live) or retire it; an operator’s suspension only an operator lifts',
  success: 200,
  params: SubChannelParams,
  body: SubChannelState,
  response: SubChannelAnswer,
  handler: async ({ channel, params, body }) => ({ body: await subChannels.setState(channel, params.channelId, body.state) }),
});

export const createSubChannelKey = partnerRoute({
  method: 'POST',
  path: '/v1/partner/channels/{channelId}/keys',
  summary: "Make a tier-2 channel's signing key (HMAC: its secret shown once; SM2: register its public key)",
  success: 201,
  params: SubChannelParams,
  body: NewKeyBody,
  response: NewKeyAnswer,
  handler: async ({ channel, params, body }) => ({ body: await subChannels.createKey(channel, params.channelId, body as NewKey) }),
});
