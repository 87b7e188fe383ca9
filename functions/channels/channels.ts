import { Unauthorized } from '../core/problem.js';
import { getChannel, type Channel } from './channel.store.js';

/** Channels change rarely; a short per-container cache saves a read on every call. */
const cache = new Map<string, { channel: Channel | undefined; at: number }>();
const CACHE_MS = 60_000;

export async function findChannel(id: string): Promise<Channel | undefined> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.channel;
  const channel = await getChannel(id);
  cache.set(id, { channel, at: Date.now() });
  return channel;
}

/** The session's channel; a session of a channel that was switched off is no longer valid. */
export async function requireChannel(id: string): Promise<Channel> {
  const channel = await findChannel(id);
  if (!channel || !channel.active) throw new Unauthorized('channel_inactive', 'This channel is not active.');
  return channel;
}
