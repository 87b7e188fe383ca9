/** Reading channels, with a short per-container cache: they change rarely and are read on most calls. */
import { sessionErrors } from '../core/session/errors.js';
import { getChannel, type Channel } from './channel.store.js';

const cache = new Map<string, { channel: Channel | undefined; at: number }>();
const CACHE_MS = 60_000;

export async function findChannel(id: string): Promise<Channel | undefined> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.channel;
  const channel = await getChannel(id);
  cache.set(id, { channel, at: Date.now() });
  return channel;
}

/**
 * The session's channel, for what it configures (face provider, origins). Whether it is
 * still active is checked on every holder call, uncached (core/session/channelStanding.ts);
 * this read may be a minute old.
 */
export async function requireChannel(id: string): Promise<Channel> {
  const channel = await findChannel(id);
  if (!channel || !channel.active) throw sessionErrors.problem('channel_inactive');
  return channel;
}

/** An active app channel (not a portal): the only kind whose users hold holder sessions. */
export function isAppChannel(channel: Channel | undefined): channel is Channel {
  return !!channel && channel.active && channel.kind !== 'portal';
}
