/**
 * Routes called by a channel's server, signed exactly like a terminal request
 * (core/signing/signedRequest.ts: the same canonical string, key ids, timestamp window and
 * nonce rule), with the channel id in `X-Essc-Channel`. Two builders: `portalRoute` for the
 * scan-to-login portals (`/v1/portal/…`), `partnerRoute` for the apps that embed the card
 * (`/v1/partner/…`). A channel that is unknown, suspended, retired or of the other kind is
 * `unknown_channel`; the handler gets the signing `channel`.
 */
import { signedRoute } from '../core/http/signedRoute.js';
import { CHANNEL_CALLS } from '../core/limits/limits.js';
import type { Signer } from '../core/signing/signedRequest.js';
import { channelKey, type Channel } from './channel.store.js';
import { channelErrors } from './errors.js';

/** Channel nonces live beside institution nonces; the prefix keeps the two apart. */
export const channelNonceScope = (channelId: string) => `portal:${channelId}`;

function channelSigner(accepts: (channel: Channel) => boolean): Signer<Channel> {
  return {
    idHeader: 'X-Essc-Channel',
    unknown: () => channelErrors.problem('unknown_channel', { errors: [{ field: 'X-Essc-Channel', message: 'unknown_channel' }] }),
    ownerKey: channelKey,
    accepts: (channel) => channel.active && accepts(channel),
    nonceScope: channelNonceScope,
  };
}

/** The operator-set call budget of a channel (per minute), else the default CHANNEL_CALLS. */
const callsPerMinuteOf = (channel: Channel) => channel.callsPerMinute;

export const portalSigner = /* @__PURE__ */ channelSigner((c) => c.kind === 'portal' && c.services.includes('scan_login'));
export const partnerSigner = /* @__PURE__ */ channelSigner((c) => c.kind !== 'portal');

export const portalRoute = /* @__PURE__ */ signedRoute('channel', 'channel', portalSigner, CHANNEL_CALLS, callsPerMinuteOf);
export const partnerRoute = /* @__PURE__ */ signedRoute('channel', 'channel', partnerSigner, CHANNEL_CALLS, callsPerMinuteOf);
