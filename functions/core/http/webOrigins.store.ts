/**
 * The web origins of the channels' H5 pages (`https://h5.bank.example`): the browser callers
 * essc answers cross-origin (CORS), and where a face check may send the holder back to. A
 * channel registers its origins (channels/channel.store writes these items with the channel);
 * one item per origin and channel, so an origin lookup is one Query whatever the channel count.
 *
 * Kept in core because every holder route's CORS answer reads it, and core imports no
 * capability.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../table/ddb.js';
import { originOf } from './origin.rules.js';

export const webOriginKey = (origin: string, channelId: string) => ({ pk: `ORIGIN#${origin}`, sk: `CHANNEL#${channelId}` });

/** The registry item; `active` follows the channel's, so a deactivated channel's pages lose CORS. */
export function webOriginItem(origin: string, channelId: string, active: boolean): Record<string, unknown> {
  return { ...webOriginKey(origin, channelId), type: 'webOrigin', origin, channelId, active };
}

/** Lookups are cached per container for a minute: a new origin works within that, a removed one stops within it. */
const CACHE_MS = 60_000;
const CACHE_SIZE = 1000;
/** Longer than any real origin; keeps the lookup key far below DynamoDB's key size limit. */
const MAX_ORIGIN_LENGTH = 300;
const cache = new Map<string, { registered: boolean; until: number }>();

/**
 * Whether an active channel has registered this origin (its item says `active`). Without the
 * registry (a failed read) no origin is: the browser refuses, and the call itself is unaffected.
 */
export async function isRegisteredOrigin(origin: string): Promise<boolean> {
  if (origin.length > MAX_ORIGIN_LENGTH || originOf(origin) !== origin) return false;
  const hit = cache.get(origin);
  const at = Date.now();
  if (hit && hit.until > at) return hit.registered;
  let out;
  try {
    out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ORIGIN#${origin}` },
      }),
    );
  } catch {
    return false;
  }
  const registered = (out.Items ?? []).some((item) => item.active === true);
  // Evict the oldest entry, not all: strangers' origins cannot flush the registered ones.
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(origin, { registered, until: at + CACHE_MS });
  return registered;
}
