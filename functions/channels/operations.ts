/**
 * The operator's channel operations (API.md, "Channel partners"): create, change, move
 * between states, list, and manage a channel's keys. The CLI (`npm run operator -- channels
 * …`, scripts/operator.ts) calls these; so will a console. Input is validated here with the
 * same schemas an HTTP route would use, so every caller gets the same refusals.
 */
import { now } from '../core/clock.js';
import { isLocalStage } from '../core/config.js';
import { pii } from '../core/pii/crypto.js';
import { parseInput } from '../core/http/middlewares/validateInput.js';
import { isLoopbackHost } from '../core/http/origin.rules.js';
import { createKey, deleteKey, listKeys, type NewKey } from '../core/signing/keys.js';
import { TransactionRefused } from '../core/table/transaction.js';
import { canMove, checkPlacement, keyEnvironment, type ChannelState } from './channel.rules.js';
import { channelKey, completeChannel, getChannel, listChannels, putChannel, type Channel, type ChannelDraft } from './channel.store.js';
import { ChannelChanges, NewChannel } from './channels.schemas.js';
import { channelErrors } from './errors.js';

/** Plain http web origins only to loopback, and only on dev and test. */
function checkOrigins(origins: readonly string[] | undefined) {
  for (const o of origins ?? []) {
    const u = new URL(o);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname) && isLocalStage())) {
      throw channelErrors.problem('invalid_channel_settings', { why: `${o} 不是 https 源` });
    }
  }
}

async function checkParent(channel: Pick<Channel, 'tier' | 'parentId' | 'services'>) {
  const parent = channel.parentId ? await getChannel(channel.parentId, true) : undefined;
  const placement = checkPlacement(channel, parent);
  if (!placement.ok) {
    const why = {
      parent_required: '二级渠道须有上级（一级）渠道',
      parent_not_allowed: '一级渠道不能有上级渠道',
      invalid_parent: '上级渠道不存在、不是一级渠道或已注销',
      services_exceed_parent: '二级渠道的服务须在上级渠道的服务之内',
    }[placement.reason];
    throw channelErrors.problem('invalid_channel_settings', { why });
  }
}

async function sealedSecrets(secrets: Record<string, string | undefined> | undefined): Promise<string | undefined> {
  return secrets ? (await pii()).encrypt('secret', JSON.stringify(secrets)) : undefined;
}

/** A channel as an operator sees it: never a secret. */
export function channelView(channel: Channel) {
  const { platformSecretsEnc, ...view } = channel;
  return { ...view, hasPlatformSecrets: platformSecretsEnc !== undefined };
}

export async function createChannel(input: unknown): Promise<Channel> {
  const { platformSecrets, ...fields } = parseInput(NewChannel, input);
  checkOrigins(fields.webOrigins);
  await checkParent(fields as Channel);
  const at = now().toISOString();
  const draft = {
    ...fields,
    state: fields.state ?? 'sandbox',
    createdAt: at,
    updatedAt: at,
    ...(platformSecrets ? { platformSecretsEnc: await sealedSecrets(platformSecrets) } : {}),
  } as ChannelDraft;
  try {
    return await putChannel(draft, { create: true });
  } catch (err) {
    if (err instanceof TransactionRefused && err.refused('channel')) throw channelErrors.problem('channel_exists', { cause: err });
    throw err;
  }
}

async function requireChannelRecord(id: string): Promise<Channel> {
  const channel = await getChannel(id, true);
  if (!channel) throw channelErrors.problem('channel_not_found');
  return channel;
}

async function replace(previous: Channel, next: ChannelDraft): Promise<Channel> {
  try {
    return await putChannel({ ...next, updatedAt: now().toISOString() }, { expectedUpdatedAt: previous.updatedAt ?? '' });
  } catch (err) {
    if (err instanceof TransactionRefused && err.refused('channel')) throw channelErrors.problem('channel_changed', { cause: err });
    throw err;
  }
}

export async function updateChannel(id: string, input: unknown): Promise<Channel> {
  const { platformSecrets, ...changes } = parseInput(ChannelChanges, input);
  const previous = await requireChannelRecord(id);
  if (previous.state === 'retired') throw channelErrors.problem('invalid_state_change', { from: 'retired', to: 'retired' });
  checkOrigins(changes.webOrigins);
  const next = { ...previous, ...changes, ...(platformSecrets ? { platformSecretsEnc: await sealedSecrets(platformSecrets) } : {}) } as ChannelDraft;
  await checkParent(completeChannel(next));
  return replace(previous, next);
}

/**
 * Moves a channel to another state. Suspending or retiring it stops its holder sessions, its
 * signed calls and its web origins at once (each is checked on every call).
 */
export async function setChannelState(id: string, state: ChannelState): Promise<Channel> {
  const previous = await requireChannelRecord(id);
  if (!canMove(previous.state, state)) throw channelErrors.problem('invalid_state_change', { from: previous.state, to: state });
  return replace(previous, { ...previous, state });
}

export { listChannels };

export const channelKeys = {
  list: (id: string) => listKeys(channelKey(id)),
  async create(id: string, req: NewKey) {
    const channel = await requireChannelRecord(id);
    return createKey(channelKey(id), req, keyEnvironment(channel.state));
  },
  delete: (id: string, keyId: string) => deleteKey(channelKey(id), keyId),
};
