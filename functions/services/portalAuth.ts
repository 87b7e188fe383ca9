/**
 * Authenticating a portal request: signed exactly like a terminal request
 * (domain/terminalSignature.ts: same canonical string, timestamp window and nonce rule),
 * with the portal's channel id in `X-Essc-Channel` instead of `X-Essc-Institution`.
 * Refusals are 401s with the terminal codes (missing_signature, malformed_signature,
 * stale_timestamp, bad_signature, replayed_nonce); an unknown, inactive or non-portal
 * channel is `unknown_channel`.
 */
import { epochSeconds, now } from '../lib/clock.js';
import { pii } from '../pii/crypto.js';
import { NONCE_TTL_SECONDS, verifySignature } from '../domain/terminalSignature.js';
import { getChannel, type Channel } from '../store/channel.js';
import { claimNonce } from '../store/nonce.js';
import { TerminalUnauthorized } from './terminalAuth.js';
import type { TerminalRequest } from './terminalAuth.js';

type CachedPortal = { portal: Channel | undefined; secret?: string };
const cache = new Map<string, { value: Promise<CachedPortal>; at: number }>();
const CACHE_MS = 60_000;

function portalWithSecret(id: string): Promise<CachedPortal> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = (async () => {
    const channel = await getChannel(id);
    const portal = channel?.kind === 'portal' ? channel : undefined;
    const secret = portal?.secretEnc ? (await pii()).decrypt('secret', portal.secretEnc) : undefined;
    return { portal, secret };
  })();
  cache.set(id, { value, at: Date.now() });
  value.catch(() => cache.delete(id));
  return value;
}

/** Portal nonces live beside institution nonces; the prefix keeps the two apart. */
export const portalNonceScope = (channelId: string) => `portal:${channelId}`;

export async function authenticatePortal(req: TerminalRequest): Promise<Channel> {
  const id = req.headers['x-essc-channel'];
  const timestamp = req.headers['x-essc-timestamp'];
  const nonce = req.headers['x-essc-nonce'];
  const signature = req.headers['x-essc-signature'];
  for (const [name, value] of [
    ['X-Essc-Channel', id],
    ['X-Essc-Timestamp', timestamp],
    ['X-Essc-Nonce', nonce],
    ['X-Essc-Signature', signature],
  ] as const) {
    if (!value) throw new TerminalUnauthorized('missing_signature', `The ${name} header is required.`, name);
  }
  const { portal, secret } = await portalWithSecret(id!);
  if (!portal || !portal.active || !secret) {
    throw new TerminalUnauthorized('unknown_channel', 'Unknown or inactive portal channel.', 'X-Essc-Channel');
  }
  const at = now();
  const check = verifySignature(
    secret,
    { method: req.method, pathWithQuery: req.pathWithQuery, timestamp: timestamp!, nonce: nonce!, body: req.body },
    signature!,
    epochSeconds(at),
  );
  if (!check.ok) {
    if (check.reason === 'stale_timestamp') {
      throw new TerminalUnauthorized('stale_timestamp', 'The timestamp is more than 300 s off.', 'X-Essc-Timestamp');
    }
    if (check.reason === 'malformed') {
      throw new TerminalUnauthorized('malformed_signature', 'The signature headers are malformed.', 'X-Essc-Nonce');
    }
    throw new TerminalUnauthorized('bad_signature', 'The signature does not match.', 'X-Essc-Signature');
  }
  if (!(await claimNonce(portalNonceScope(portal.id), nonce!, epochSeconds(at) + NONCE_TTL_SECONDS))) {
    throw new TerminalUnauthorized('replayed_nonce', 'This nonce was used before.', 'X-Essc-Nonce');
  }
  return portal;
}
