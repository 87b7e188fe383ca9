/** Channels: the apps that embed the card (and, later, portals). */
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { transact } from '../core/table/transaction.js';
import { originOf, webOriginItem, webOriginKey } from '../core/http/webOrigins.store.js';
import { getRecord } from '../core/table/records.js';
import type { Platform } from '../core/session/sessionToken.js';
import type { FaceProviderName } from '../providers/index.js';

export interface Channel {
  id: string;
  name: string;
  platform: Platform;
  /** Which platform login exchange this channel's sessions use. */
  login: 'wechat' | 'alipay' | 'sandbox';
  faceProvider: FaceProviderName;
  /** The mini-program's app id (WeChat / Alipay); not a secret. */
  appId?: string;
  /** Tencent FaceID rule id for H5 channels that use it. */
  faceRuleId?: string;
  active: boolean;
  /** 'portal' for a website that logs holders in by scan-to-login; absent or 'app' for an app channel. */
  kind?: 'app' | 'portal';
  /** A portal's name, shown to the holder who is asked to confirm a login. */
  portalName?: string;
  /** A portal's HMAC secret (pii kind 'secret'), for its signed requests (X-Essc-Channel). */
  secretEnc?: string;
  /** The redirect URIs a portal may name in a login request. */
  redirectUris?: string[];
  /**
   * The web origins of the channel's H5 pages (`https://h5.bank.example`): answered
   * cross-origin (CORS) and the only places a face check may return the holder to.
   */
  webOrigins?: string[];
}

export const channelKey = (id: string) => ({ pk: `CHANNEL#${id}`, sk: 'CHANNEL' });

export async function getChannel(id: string): Promise<Channel | undefined> {
  return getRecord<Channel>(channelKey(id), { consistent: false });
}

/** The channel's item, then one registry item per web origin (core/http/webOrigins.store). */
export function channelItems(channel: Channel, extra: Record<string, unknown> = {}): Record<string, unknown>[] {
  return [
    { ...channelKey(channel.id), type: 'channel', ...channel, ...extra },
    ...(channel.webOrigins ?? []).map((origin) => webOriginItem(origin, channel.id, channel.active)),
  ];
}

/**
 * Registers or replaces a channel and its web origins in one transaction (an operator's act;
 * tests): the origins it no longer lists are removed, so they lose CORS and face returns.
 */
export async function putChannel(channel: Channel): Promise<void> {
  for (const origin of channel.webOrigins ?? []) {
    if (originOf(origin) !== origin) throw new Error(`channel ${channel.id}: ${origin} is not a web origin (scheme://host[:port])`);
  }
  const previous = await getRecord<Channel>(channelKey(channel.id));
  const dropped = (previous?.webOrigins ?? []).filter((o) => !(channel.webOrigins ?? []).includes(o));
  const puts: TransactItem[] = channelItems(channel).map((Item) => ({ Put: { TableName: tableName(), Item } }));
  const deletes: TransactItem[] = dropped.map((origin) => ({ Delete: { TableName: tableName(), Key: webOriginKey(origin, channel.id) } }));
  await transact([
    ['channel', puts],
    ['droppedOrigins', deletes.length > 0 && deletes],
  ]);
}
