/** Channels: the apps that embed the card (and, later, portals). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../lib/ddb.js';
import type { Platform } from '../login/platformLogin.js';
import type { FaceProviderName } from '../face/provider.js';

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
}

export const channelKey = (id: string) => ({ pk: `CHANNEL#${id}`, sk: 'CHANNEL' });

export async function getChannel(id: string): Promise<Channel | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: channelKey(id) }));
  return out.Item ? toChannel(out.Item) : undefined;
}

export async function putChannel(channel: Channel): Promise<void> {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...channelKey(channel.id), type: 'channel', ...channel } }));
}

function toChannel(item: Record<string, unknown>): Channel {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as Channel;
}
