/**
 * The keys a signer (a channel or an institution) signs its requests with (API.md, "Keys
 * and signing"): which key a request uses, rotation and deletion. Pure: "now" is a parameter.
 *
 * A signer has at most two active keys, and only while it rotates: making a new key gives
 * every older key an expiry 24 h later (`ROTATION_OVERLAP_MS`), so the partner can roll the
 * new one out before the old stops. A key past its expiry signs nothing.
 */

export type KeyAlgorithm = 'HMAC-SHA256' | 'SM2-SM3';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['HMAC-SHA256', 'SM2-SM3'];

/** A signer's key as stored, without its material. */
export interface SigningKey {
  keyId: string;
  algorithm: KeyAlgorithm;
  createdAt: string;
  /** Set when a newer key was made (or the key was made to expire); absent while it is the only one. */
  expiresAt?: string;
  lastUsedAt?: string;
}

export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** The most active keys a signer may have at once (the old and the new while rotating). */
export const MAX_ACTIVE_KEYS = 2;

/** How often a key's `lastUsedAt` is written at most: a write per request would cost more than the request. */
export const LAST_USED_RESOLUTION_MS = 3_600_000;

export function isActive(key: SigningKey, now: Date): boolean {
  return key.expiresAt === undefined || Date.parse(key.expiresAt) > now.getTime();
}

/** The active keys, oldest first (ties by key id, so the order is total). */
export function activeKeys<K extends SigningKey>(keys: readonly K[], now: Date): K[] {
  return keys
    .filter((k) => isActive(k, now))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
}

export type KeyChoice<K> = { ok: true; key: K } | { ok: false; reason: 'unknown_key' | 'key_expired' | 'no_active_key' };

/**
 * The key a request names in `X-Essc-Key-Id`, or without one the oldest active key (the
 * key a partner had before any rotation keeps working unchanged).
 */
export function keyForRequest<K extends SigningKey>(keys: readonly K[], keyId: string | undefined, now: Date): KeyChoice<K> {
  if (keyId === undefined) {
    const oldest = activeKeys(keys, now)[0];
    return oldest ? { ok: true, key: oldest } : { ok: false, reason: 'no_active_key' };
  }
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  return isActive(key, now) ? { ok: true, key } : { ok: false, reason: 'key_expired' };
}

export type RotationPlan = { ok: true; expire: { keyId: string; expiresAt: string }[] } | { ok: false; reason: 'rotation_in_progress' };

/**
 * What making a new key changes: every active key without an earlier expiry expires 24 h
 * from now. Refused while a rotation is already under way (two active keys): the partner
 * deletes the one it no longer uses, or waits for it to expire.
 */
export function rotationPlan(keys: readonly SigningKey[], now: Date): RotationPlan {
  const active = activeKeys(keys, now);
  if (active.length >= MAX_ACTIVE_KEYS) return { ok: false, reason: 'rotation_in_progress' };
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  return {
    ok: true,
    expire: active.filter((k) => k.expiresAt === undefined || k.expiresAt > expiresAt).map((k) => ({ keyId: k.keyId, expiresAt })),
  };
}

export type DeletionPlan = { ok: true; keep: SigningKey | undefined } | { ok: false; reason: 'key_not_found' | 'last_active_key' };

/**
 * Whether a key may be deleted: never the last active key. `keep` is an active key that must
 * still be there when the deletion commits (so two concurrent deletions cannot remove both).
 */
export function deletionPlan(keys: readonly SigningKey[], keyId: string, now: Date): DeletionPlan {
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) return { ok: false, reason: 'key_not_found' };
  if (!isActive(key, now)) return { ok: true, keep: undefined };
  const others = activeKeys(keys, now).filter((k) => k.keyId !== keyId);
  return others.length === 0 ? { ok: false, reason: 'last_active_key' } : { ok: true, keep: others[0] };
}

/** Whether a use of the key at `now` should be written down (`LAST_USED_RESOLUTION_MS`). */
export function lastUsedIsStale(key: SigningKey, now: Date): boolean {
  return key.lastUsedAt === undefined || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}

/** A key id: what a partner sends in `X-Essc-Key-Id`. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The prefix of a key secret: `essc_test_` in sandbox, `essc_live_` for live signers. */
export function secretPrefix(environment: 'test' | 'live'): string {
  return `essc_${environment}_`;
}
