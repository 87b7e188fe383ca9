/**
 * Channels: the apps that embed the card, and the portals that log holders in. An operator
 * creates and changes them at run time (channels/operations.ts); their signing keys share
 * the channel's partition (core/signing/signingKey.store.ts).
 */
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { transact, TransactionRefused } from '../core/table/transaction.js';
import { originOf } from '../core/http/origin.rules.js';
import { webOriginItem, webOriginKey } from '../core/http/webOrigins.store.js';
import { getRecord, queryIndex } from '../core/table/records.js';
import { channelKey } from '../core/session/channelStanding.js';
import type { Platform } from '../core/session/sessionToken.js';
import type { FaceProviderName, PaymentProviderName, PushProviderName, WechatMiniprogramState } from '../providers/index.js';
import { CHANNEL_SERVICES, isActiveState, type ChannelCategory, type ChannelService, type ChannelState, type ChannelTier } from './channel.rules.js';

export { channelKey };

export interface Channel {
  id: string;
  name: string;
  platform: Platform;
  /**
   * Which platform login exchange this channel's sessions use; `ticket`: none, its users
   * arrive only with launch tickets its server asks for (a bank or government app).
   */
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  faceProvider: FaceProviderName;
  /** Who collects a bill's cash part; absent: what the login implies (providers/paymentRegistry.ts). */
  paymentProvider?: PaymentProviderName;
  /** Which platform pushes its holders' notifications; absent: what the login implies, none for `ticket` (providers/pushRegistry.ts). */
  pushProvider?: PushProviderName;
  /** The version of its WeChat mini-program that a pushed message opens (developer / trial / formal); absent: formal. */
  wechatMiniprogramState?: WechatMiniprogramState;
  /**
   * The platform's message templates the channel registered (WeChat subscription messages,
   * Alipay template messages), per notification kind: the template id and which of the
   * notice's values (title, body, amount, time, institution, channel, kind) fills each field.
   */
  pushTemplates?: Partial<Record<string, { templateId: string; fields: Record<string, 'title' | 'body' | 'amount' | 'time' | 'institution' | 'channel' | 'kind'> }>>;
  /** The mini-program's app id (WeChat / Alipay); not a secret. */
  appId?: string;
  /** Tencent FaceID rule id for H5 channels that use it. */
  faceRuleId?: string;
  tier: ChannelTier;
  /** A tier-2 channel's tier-1 parent. */
  parentId?: string;
  category: ChannelCategory;
  state: ChannelState;
  /** Derived on every write: its state is sandbox or live and its parent's standing allows it. What readers and the origin registry check. */
  active: boolean;
  /** A tier-2 channel whose tier-1 parent is suspended or retired: it stops with its parent (written right after the parent's change). */
  parentInactive?: boolean;
  /** Who suspended it: an operator's suspension only an operator lifts; a tier-1 parent's, the parent too. */
  suspendedBy?: 'operator' | 'parent';
  services: ChannelService[];
  /** Signed calls per minute this channel may make (each key 2/3 of it); absent: the default (core/limits CHANNEL_CALLS). */
  callsPerMinute?: number;
  /** 'portal' for a website that logs holders in by scan-to-login; absent or 'app' for an app channel. */
  kind?: 'app' | 'portal';
  /** A portal's name, shown to the holder who is asked to confirm a login. */
  portalName?: string;
  /** The redirect URIs a portal may name in a login request. */
  redirectUris?: string[];
  /**
   * The web origins of the channel's H5 pages (`https://h5.bank.example`): answered
   * cross-origin (CORS), the only places a face check may return the holder to, and where an
   * embedded H5 card posts its events.
   */
  webOrigins?: string[];
  /** The channel's platform credentials (WeChat app secret, Alipay keys, Tencent keys) as JSON, encrypted (PiiCipher kind 'secret'). */
  platformSecretsEnc?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** A channel as written: the defaults filled in; `active` is always derived from `state` (a given one is ignored). */
export type ChannelDraft = Omit<Channel, 'active' | 'tier' | 'category' | 'state' | 'services'> &
  Partial<Pick<Channel, 'active' | 'tier' | 'category' | 'state' | 'services'>>;

export function completeChannel(draft: ChannelDraft): Channel {
  const state = draft.state ?? 'live';
  return {
    ...draft,
    tier: draft.tier ?? 1,
    category: draft.category ?? 'social',
    state,
    services: draft.services ?? [...CHANNEL_SERVICES],
    active: isActiveState(state) && !draft.parentInactive,
  };
}

/**
 * Writes a tier-2 channel's standing under its parent (`parentInactive`, `active`, and its web
 * origins' `active`) if it is still as read; false when it changed meanwhile.
 */
export async function putParentStanding(child: Channel, parentActive: boolean, at: string): Promise<boolean> {
  const [item, ...origins] = channelItems({ ...child, parentInactive: !parentActive, updatedAt: at });
  try {
    await transact([
      [
        'channel',
        {
          Update: {
            TableName: tableName(),
            Key: channelKey(child.id),
            UpdateExpression: 'SET active = :active, parentInactive = :parentInactive, updatedAt = :now',
            ConditionExpression: 'updatedAt = :seen',
            ExpressionAttributeValues: { ':active': item!.active, ':parentInactive': !parentActive, ':now': at, ':seen': child.updatedAt ?? '' },
          },
        },
      ],
      ['origins', origins.length > 0 && origins.map((Item) => ({ Put: { TableName: tableName(), Item } }))],
    ]);
    return true;
  } catch (err) {
    if (err instanceof TransactionRefused) return false;
    throw err;
  }
}

/** The gsi1 partition that lists every channel (the operator's `channels list`). */
const CHANNEL_INDEX = 'CHANNELS';

export async function getChannel(id: string, consistent = false): Promise<Channel | undefined> {
  return getRecord<Channel>(channelKey(id), { consistent });
}

export async function listChannels(): Promise<Channel[]> {
  return queryIndex<Channel>(CHANNEL_INDEX);
}

/** The channel's item, then one registry item per web origin (core/http/webOrigins.store). */
export function channelItems(draft: ChannelDraft, extra: Record<string, unknown> = {}): Record<string, unknown>[] {
  const channel = completeChannel(draft);
  return [
    { ...channelKey(channel.id), type: 'channel', gsi1pk: CHANNEL_INDEX, gsi1sk: channel.id, ...channel, ...extra },
    ...(channel.webOrigins ?? []).map((origin) => webOriginItem(origin, channel.id, channel.active)),
  ];
}

/**
 * Registers or replaces a channel and its web origins in one transaction: the origins it no
 * longer lists are removed, so they lose CORS and face returns. `expectedUpdatedAt` makes it
 * a conditional replace (the operator's changes: nobody else changed it since it was read);
 * the channel's `keysVersion` is kept.
 */
export async function putChannel(
  draft: ChannelDraft,
  options: { create?: boolean; expectedUpdatedAt?: string; parent?: { id: string; updatedAt: string } } = {},
): Promise<Channel> {
  for (const origin of draft.webOrigins ?? []) {
    if (originOf(origin) !== origin) throw new Error(`channel ${draft.id}: ${origin} is not a web origin (scheme://host[:port])`);
  }
  // A tier-2 channel is written only if its parent is as it was read (its standing came from it).
  const parentCheck: TransactItem | undefined = options.parent && {
    ConditionCheck: { TableName: tableName(), Key: channelKey(options.parent.id), ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': options.parent.updatedAt } },
  };
  const previous = await getRecord<Channel & { keysVersion?: number }>(channelKey(draft.id));
  const dropped = (previous?.webOrigins ?? []).filter((o) => !(draft.webOrigins ?? []).includes(o));
  const [channelItem, ...originItems] = channelItems(draft, previous?.keysVersion === undefined ? {} : { keysVersion: previous.keysVersion });
  const condition = options.create
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : options.expectedUpdatedAt !== undefined
      ? { ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': options.expectedUpdatedAt } }
      : {};
  const puts: TransactItem[] = [
    { Put: { TableName: tableName(), Item: channelItem!, ...condition } },
    ...originItems.map((Item) => ({ Put: { TableName: tableName(), Item } })),
  ];
  const deletes: TransactItem[] = dropped.map((origin) => ({ Delete: { TableName: tableName(), Key: webOriginKey(origin, draft.id) } }));
  await transact([
    ['channel', puts],
    ['droppedOrigins', deletes.length > 0 && deletes],
    ['parent', parentCheck],
  ]);
  return completeChannel(draft);
}
