/**
 * Routes called by a channel's server, signed exactly like a terminal request
 * (core/signing/signature.rules.ts: same canonical string, timestamp window and nonce rule),
 * with the channel id in `X-Essc-Channel` instead of `X-Essc-Institution`. Today the
 * signing channels are portals (scan-to-login); an unknown, inactive or non-portal channel
 * is `unknown_channel`. The handler gets the signing `channel`.
 */
import { signedRoute } from '../core/http/signedRoute.js';
import { CHANNEL_CALLS } from '../core/limits/limits.js';
import { pii } from '../core/pii/crypto.js';
import { cachedLookUp, type Signer } from '../core/signing/signedRequest.js';
import { getChannel, type Channel } from './channel.store.js';
import { channelErrors } from './errors.js';

/** Channel nonces live beside institution nonces; the prefix keeps the two apart. */
export const channelNonceScope = (channelId: string) => `portal:${channelId}`;

export const channelSigner: Signer<Channel> = {
  idHeader: 'X-Essc-Channel',
  unknown: () => channelErrors.problem('unknown_channel', { errors: [{ field: 'X-Essc-Channel', message: 'unknown_channel' }] }),
  lookUp: /* @__PURE__ */ cachedLookUp(async (id) => {
    const channel = await getChannel(id);
    if (!channel || channel.kind !== 'portal' || !channel.active || !channel.secretEnc) return undefined;
    return { signer: channel, secret: (await pii()).decrypt('secret', channel.secretEnc) };
  }),
  nonceScope: channelNonceScope,
};

export const channelRoute = /* @__PURE__ */ signedRoute('channel', 'channel', channelSigner, CHANNEL_CALLS);
