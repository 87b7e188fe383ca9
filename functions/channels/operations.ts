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
import { channelKey, completeChannel, getChannel, listChannels, putChannel, putParentStanding, type Channel, type ChannelDraft } from './channel.store.js';
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

/** Checks where a channel sits; for a tier-2 channel, whether its parent's standing stops it. */
async function checkParent(channel: Pick<Channel, 'tier' | 'parentId' | 'services'>): Promise<{ standing: { parentInactive?: boolean }; parent?: { id: string; updatedAt: string } }> {
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
  return parent ? { standing: { parentInactive: !parent.active }, parent: { id: parent.id, updatedAt: parent.updatedAt ?? '' } } : { standing: {} };
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
  const { standing, parent } = await checkParent(fields as Channel);
  const at = now().toISOString();
  const draft = {
    ...fields,
    ...standing,
    state: fields.state ?? 'sandbox',
    createdAt: at,
    updatedAt: at,
    ...(platformSecrets ? { platformSecretsEnc: await sealedSecrets(platformSecrets) } : {}),
  } as ChannelDraft;
  try {
    return await putChannel(draft, { create: true, ...(parent ? { parent } : {}) });
  } catch (err) {
    if (err instanceof TransactionRefused && err.refused('channel')) throw channelErrors.problem('channel_exists', { cause: err });
    // The parent changed (say, was suspended) between the read and this write.
    if (err instanceof TransactionRefused && err.refused('parent')) throw channelErrors.problem('channel_changed', { cause: err });
    throw err;
  }
}

async function requireChannelRecord(id: string): Promise<Channel> {
  const channel = await getChannel(id, true);
  if (!channel) throw channelErrors.problem('channel_not_found');
  return channel;
}

async function replace(previous: Channel, next: ChannelDraft, parent?: { id: string; updatedAt: string }): Promise<Channel> {
  try {
    return await putChannel({ ...next, updatedAt: now().toISOString() }, { expectedUpdatedAt: previous.updatedAt ?? '', ...(parent ? { parent } : {}) });
  } catch (err) {
    if (err instanceof TransactionRefused && (err.refused('channel') || err.refused('parent'))) throw channelErrors.problem('channel_changed', { cause: err });
    throw err;
  }
}

export async function updateChannel(id: string, input: unknown): Promise<Channel> {
  const { platformSecrets, ...changes } = parseInput(ChannelChanges, input);
  const previous = await requireChannelRecord(id);
  if (previous.state === 'retired') throw channelErrors.problem('invalid_state_change', { from: 'retired', to: 'retired' });
  checkOrigins(changes.webOrigins);
  const next = { ...previous, ...changes, ...(platformSecrets ? { platformSecretsEnc: await sealedSecrets(platformSecrets) } : {}) } as ChannelDraft;
  const { standing, parent } = await checkParent(completeChannel(next));
  return replace(previous, { ...next, ...standing }, parent);
}

/**
 * Moves a channel to another state. Suspending or retiring it stops its holder sessions, its
 * signed calls and its web origins at once (each is checked on every call). A tier-1
 * channel's tier-2 channels then stop or resume with it, each in its own transaction (a
 * parent may have any number); if one cannot be written the call says so, and the same
 * command again (a tier-1 channel may be "moved" to the state it is in) finishes the job.
 * `by` records whose suspension it is: a parent cannot lift an operator's.
 */
export async function setChannelState(id: string, state: ChannelState, by: 'operator' | 'parent' = 'operator'): Promise<Channel> {
  const previous = await requireChannelRecord(id);
  const resync = previous.state === state && previous.tier === 1;
  if (!resync && !canMove(previous.state, state)) throw channelErrors.problem('invalid_state_change', { from: previous.state, to: state });
  const { suspendedBy: _was, ...rest } = previous;
  const channel = resync ? previous : await replace(previous, { ...rest, state, ...(state === 'suspended' ? { suspendedBy: by } : {}) });
  if (channel.tier === 1) await syncChildren(channel);
  return channel;
}

/** Writes each tier-2 channel's standing under `parent` where it differs; a child changed meanwhile is read again once. */
async function syncChildren(parent: Channel): Promise<void> {
  let unsynced = 0;
  for (const child of await childrenOf(parent.id)) {
    if ((child.parentInactive ?? false) === !parent.active) continue;
    const at = now().toISOString();
    if (await putParentStanding(child, parent.active, at)) continue;
    const fresh = await getChannel(child.id, true);
    if (fresh && (fresh.parentInactive ?? false) !== !parent.active && !(await putParentStanding(fresh, parent.active, at))) unsynced += 1;
  }
  if (unsynced > 0) throw channelErrors.problem('children_not_synced', { count: unsynced });
}

/** A tier-1 channel's tier-2 channels that are not retired. */
export async function childrenOf(parentId: string): Promise<Channel[]> {
  return (await listChannels()).filter((c) => c.parentId === parentId && c.state !== 'retired');
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
