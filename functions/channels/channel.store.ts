/** Channels: the apps that embed the card (and, later, portals). */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
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
}

export const channelKey = (id: string) => ({ pk: `CHANNEL#${id}`, sk: 'CHANNEL' });

export async function getChannel(id: string): Promise<Channel | undefined> {
  return getRecord<Channel>(channelKey(id), { consistent: false });
}

export async function putChannel(channel: Channel): Promise<void> {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...channelKey(channel.id), type: 'channel', ...channel } }));
}
