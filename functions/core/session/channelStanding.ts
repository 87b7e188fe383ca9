/**
 * A holder session is only as good as its channel: a suspended or retired channel's sessions
 * stop at once, not when their tokens expire. Core owns the key of the channel item for this
 * one read (channels/channel.store.ts builds its items with the same `channelKey`); the read
 * runs alongside the call's own reads and gates its writes and answer (core/table/writeGate.ts).
 */
import { getRecord } from '../table/records.js';
import { sessionErrors } from './errors.js';

export const channelKey = (id: string) => ({ pk: `CHANNEL#${id}`, sk: 'CHANNEL' });

/** Resolves when the channel is active (sandbox or live); rejects with `channel_inactive` otherwise. */
export async function channelStillActive(channelId: string): Promise<void> {
  const channel = await getRecord<{ active?: boolean }>(channelKey(channelId), { consistent: false });
  if (!channel?.active) throw sessionErrors.problem('channel_inactive');
}
