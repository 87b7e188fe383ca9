/**
 * What a channel is (API.md, "Channel partners") and how it may change. Pure.
 *
 * States: `sandbox` (test keys, demo data) → `live` → `suspended` (everything stops at once:
 * sessions, keys, webhooks) → back to `live`, or → `retired` (final). A tier-2 channel hangs
 * under a tier-1 parent and may use only services its parent has.
 */

export type ChannelState = 'sandbox' | 'live' | 'suspended' | 'retired';
export const CHANNEL_STATES: readonly ChannelState[] = ['sandbox', 'live', 'suspended', 'retired'];

export type ChannelCategory = 'hrss' | 'government' | 'national' | 'bank' | 'medical' | 'social';
export const CHANNEL_CATEGORIES: readonly ChannelCategory[] = ['hrss', 'government', 'national', 'bank', 'medical', 'social'];

/** The services a channel may offer its users (`settlement` = confirming settlements and bills). */
export type ChannelService = 'claim' | 'codes' | 'settlement' | 'family' | 'pension' | 'scan_login';
export const CHANNEL_SERVICES: readonly ChannelService[] = ['claim', 'codes', 'settlement', 'family', 'pension', 'scan_login'];

export type ChannelTier = 1 | 2;

/** Active: its sessions, keys and webhooks work. */
export function isActiveState(state: ChannelState): boolean {
  return state === 'sandbox' || state === 'live';
}

const NEXT: Record<ChannelState, readonly ChannelState[]> = {
  sandbox: ['live', 'suspended', 'retired'],
  live: ['suspended', 'retired'],
  suspended: ['live', 'sandbox', 'retired'],
  retired: [],
};

export function canMove(from: ChannelState, to: ChannelState): boolean {
  return NEXT[from].includes(to);
}

/** Which key secrets the channel gets: `essc_test_` in sandbox, `essc_live_` otherwise. */
export function keyEnvironment(state: ChannelState): 'test' | 'live' {
  return state === 'sandbox' ? 'test' : 'live';
}

export interface Placement {
  tier: ChannelTier;
  parentId?: string;
  services: readonly ChannelService[];
}

export type PlacementCheck = { ok: true } | { ok: false; reason: 'parent_required' | 'parent_not_allowed' | 'invalid_parent' | 'services_exceed_parent' };

/**
 * A tier-1 channel has no parent; a tier-2 channel has an active tier-1 parent whose
 * services include all of its own.
 */
export function checkPlacement(channel: Placement, parent: (Placement & { state: ChannelState }) | undefined): PlacementCheck {
  if (channel.tier === 1) return channel.parentId === undefined ? { ok: true } : { ok: false, reason: 'parent_not_allowed' };
  if (channel.parentId === undefined) return { ok: false, reason: 'parent_required' };
  if (!parent || parent.tier !== 1 || parent.state === 'retired') return { ok: false, reason: 'invalid_parent' };
  return channel.services.every((s) => parent.services.includes(s)) ? { ok: true } : { ok: false, reason: 'services_exceed_parent' };
}

/** A channel id: what partners send in `X-Essc-Channel` and the app in `channelId`. */
export const CHANNEL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
