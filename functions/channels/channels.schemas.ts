/** Request schemas of the channel partner API and of the operator's channel operations. */
import * as z from 'zod/mini';
import { originOf } from '../core/http/origin.rules.js';
import { text } from '../core/schemas.js';
import { CHANNEL_CATEGORIES, CHANNEL_ID_PATTERN, CHANNEL_SERVICES, CHANNEL_STATES } from './channel.rules.js';

export const channelId = z.string({ error: 'required' }).check(z.regex(CHANNEL_ID_PATTERN, 'lower-case letters, digits and -, 2–40 characters'));

const origin = z.string().check(
  z.maxLength(300, 'too long'),
  z.refine((o) => originOf(o) === o, 'must be a web origin: scheme://host[:port]'),
);

const platformSecrets = z.strictObject({
  wechatAppSecret: z.optional(text(1, 200)),
  alipayPrivateKey: z.optional(text(1, 4000)),
  alipayPublicKey: z.optional(text(1, 4000)),
  tencentSecretId: z.optional(text(1, 200)),
  tencentSecretKey: z.optional(text(1, 200)),
});

const channelFields = {
  name: text(1, 40),
  platform: z.enum(['weapp', 'alipay', 'h5']),
  login: z.enum(['wechat', 'alipay', 'sandbox', 'ticket']),
  faceProvider: z.enum(['sandbox', 'wechat', 'alipay', 'tencent']),
  appId: z.optional(text(1, 64)),
  faceRuleId: z.optional(text(1, 64)),
  tier: z.union([z.literal(1), z.literal(2)]),
  parentId: z.optional(channelId),
  category: z.enum(CHANNEL_CATEGORIES as [string, ...string[]]),
  services: z.array(z.enum(CHANNEL_SERVICES as [string, ...string[]])).check(z.maxLength(CHANNEL_SERVICES.length)),
  kind: z.optional(z.enum(['app', 'portal'])),
  portalName: z.optional(text(1, 40)),
  redirectUris: z.optional(z.array(z.url({ error: 'must be a URL' }).check(z.maxLength(500))).check(z.maxLength(10))),
  webOrigins: z.optional(z.array(origin).check(z.maxLength(10), z.refine((list) => new Set(list).size === list.length, 'each origin once'))),
  platformSecrets: z.optional(platformSecrets),
  callsPerMinute: z.optional(z.int().check(z.minimum(1, 'at least 1'), z.maximum(100_000, 'at most 100000'))),
};

/** A new channel: sandbox or live from the start. */
export const NewChannel = z.strictObject({
  id: channelId,
  ...channelFields,
  state: z.optional(z.enum(['sandbox', 'live'])),
});

/** Changes to a channel's settings (its state changes through `setChannelState`). */
export const ChannelChanges = z.strictObject({
  name: z.optional(channelFields.name),
  faceProvider: z.optional(channelFields.faceProvider),
  appId: z.optional(channelFields.appId),
  faceRuleId: z.optional(channelFields.faceRuleId),
  category: z.optional(channelFields.category),
  services: z.optional(channelFields.services),
  portalName: z.optional(channelFields.portalName),
  redirectUris: channelFields.redirectUris,
  webOrigins: channelFields.webOrigins,
  platformSecrets: channelFields.platformSecrets,
  callsPerMinute: channelFields.callsPerMinute,
});

export const ChannelStateBody = z.strictObject({ state: z.enum(CHANNEL_STATES as [string, ...string[]]) });

// A tier-1 channel managing its own tier-2 channels (`/v1/partner/channels`).

/** A new tier-2 channel under the caller: an H5 app whose users arrive with launch tickets. */
export const NewSubChannel = z.strictObject({
  id: channelId,
  name: channelFields.name,
  services: channelFields.services,
  category: z.optional(channelFields.category),
  webOrigins: channelFields.webOrigins,
});

export const SubChannelChanges = z.strictObject({
  name: z.optional(channelFields.name),
  services: z.optional(channelFields.services),
  webOrigins: channelFields.webOrigins,
});

/** What a parent may do with a child's state: put it live, suspend it, resume it (to the sandbox or live), retire it. */
export const SubChannelState = z.strictObject({ state: z.enum(['sandbox', 'live', 'suspended', 'retired']) });

export const SubChannelParams = z.object({ channelId });

// Answers.

export const SubChannelView = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.literal(2),
  parentId: z.string(),
  category: z.string(),
  state: z.enum(CHANNEL_STATES as [string, ...string[]]),
  active: z.boolean(),
  services: z.array(z.string()),
  webOrigins: z.optional(z.array(z.string())),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
});
export const SubChannelAnswer = z.object({ channel: SubChannelView });
export const SubChannelListAnswer = z.object({ channels: z.array(SubChannelView) });
