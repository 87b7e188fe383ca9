/**
 * A tier-1 channel managing its own tier-2 channels (a bank's branches, a province's city
 * apps) within its own services, through the partner API: the operator's operations with
 * the parent fixed to the caller. A tier-2 channel never manages channels, and a parent sees
 * and changes only its own children (another channel's is 404).
 */
import type { NewKey } from '../core/signing/keys.js';
import { type Channel } from './channel.store.js';
import { getChannel } from './channel.store.js';
import { channelErrors } from './errors.js';
import { channelKeys, childrenOf, createChannel, setChannelState, updateChannel } from './operations.js';

/** What a parent sees of a child: its settings, never a secret. */
function subChannelView(c: Channel) {
  return {
    id: c.id,
    name: c.name,
    tier: 2 as const,
    parentId: c.parentId!,
    category: c.category,
    state: c.state,
    active: c.active,
    services: c.services,
    ...(c.webOrigins ? { webOrigins: c.webOrigins } : {}),
    ...(c.createdAt ? { createdAt: c.createdAt } : {}),
    ...(c.updatedAt ? { updatedAt: c.updatedAt } : {}),
  };
}

function requireTier1(parent: Channel): void {
  if (parent.tier !== 1) throw channelErrors.problem('tier1_only');
}

async function requireChild(parent: Channel, id: string): Promise<Channel> {
  requireTier1(parent);
  const child = await getChannel(id, true);
  if (!child || child.parentId !== parent.id) throw channelErrors.problem('channel_not_found');
  return child;
}

export const subChannels = {
  async list(parent: Channel) {
    requireTier1(parent);
    return { channels: (await childrenOf(parent.id)).map(subChannelView) };
  },

  async create(parent: Channel, req: { id: string; name: string; services: string[]; category?: string; webOrigins?: string[] }) {
    requireTier1(parent);
    const channel = await createChannel({
      ...req,
      category: req.category ?? parent.category,
      tier: 2,
      parentId: parent.id,
      platform: 'h5',
      login: 'ticket',
      faceProvider: parent.faceProvider,
      ...(parent.appId ? { appId: parent.appId } : {}),
      ...(parent.faceRuleId ? { faceRuleId: parent.faceRuleId } : {}),
      state: 'sandbox',
    });
    return { channel: subChannelView(channel) };
  },

  async update(parent: Channel, id: string, changes: { name?: string; services?: string[]; webOrigins?: string[] }) {
    await requireChild(parent, id);
    return { channel: subChannelView(await updateChannel(id, changes)) };
  },

  async setState(parent: Channel, id: string, state: 'sandbox' | 'live' | 'suspended' | 'retired') {
    const child = await requireChild(parent, id);
    // An operator's suspension (abuse, a breach) is the operator's to lift.
    if (child.state === 'suspended' && child.suspendedBy === 'operator' && state !== 'retired') throw channelErrors.problem('suspended_by_operator');
    // A child goes live only once its parent is: a sandbox partner's branches stay in the sandbox.
    if (state === 'live' && parent.state !== 'live') throw channelErrors.problem('invalid_state_change', { from: child.state, to: 'live' });
    return { channel: subChannelView(await setChannelState(id, state, 'parent')) };
  },

  async createKey(parent: Channel, id: string, req: NewKey) {
    await requireChild(parent, id);
    return channelKeys.create(id, req);
  },
};
