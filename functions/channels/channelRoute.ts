/**
 * Authenticating a portal request: signed exactly like a terminal request
 * (domain/terminalSignature.ts: same canonical string, timestamp window and nonce rule),
 * with the portal's channel id in `X-Essc-Channel` instead of `X-Essc-Institution`.
 * Refusals are 401s with the terminal codes (missing_signature, malformed_signature,
 * stale_timestamp, bad_signature, replayed_nonce); an unknown, inactive or non-portal
 * channel is `unknown_channel`.
 */
import { pii } from '../core/pii/crypto.js';
import { getChannel, type Channel } from './channel.store.js';
import { cachedLookUp, startSignedRequest, type SignedRequest, type Signer, type StartedSignedRequest } from '../core/signing/signedRequest.js';

/** Portal nonces live beside institution nonces; the prefix keeps the two apart. */
export const portalNonceScope = (channelId: string) => `portal:${channelId}`;

const portals: Signer<Channel> = {
  idHeader: 'X-Essc-Channel',
  unknownCode: 'unknown_channel',
  unknownDetail: 'Unknown or inactive portal channel.',
  lookUp: cachedLookUp(async (id) => {
    const channel = await getChannel(id);
    if (!channel || channel.kind !== 'portal' || !channel.active || !channel.secretEnc) return undefined;
    return { signer: channel, secret: (await pii()).decrypt('secret', channel.secretEnc) };
  }),
  nonceScope: portalNonceScope,
};

/** Checks the signature; the nonce claim is still running when this resolves (the route's write gate). */
export function startPortalRequest(req: SignedRequest): Promise<StartedSignedRequest<Channel>> {
  return startSignedRequest(req, portals);
}
