/**
 * Whose a kept stash is (a form's draft, the face page's return) and how long it is good
 * for. Pure: no Taro. On H5 a tab may pass from one person to the next (a partner's reused
 * webview, a shared phone): a draft with a name and ID number is only given back to the
 * same H5 user of the same partner launch, and only for `STASH_MAX_AGE_MS`.
 */

/** How long a kept draft or face return is good for, from when it was last written. */
export const STASH_MAX_AGE_MS = 30 * 60 * 1000

/** A value as kept: who wrote it and when. */
export interface OwnedStash<T = unknown> {
  owner: string
  savedAt: number
  value: T
}

/** The owner of a stash: the H5 user (`?user=`), the partner's channel and launch; empty parts for none. */
export function stashOwner(user: string | undefined, channel: string | undefined, launch: string | undefined): string {
  return JSON.stringify([user ?? '', channel ?? '', launch ?? ''])
}

export function ownStash<T>(value: T, owner: string, now: number): OwnedStash<T> {
  return { owner, savedAt: now, value }
}

/** The kept value when `owner` wrote it no longer than `STASH_MAX_AGE_MS` ago (a time in the future counts as unknown); else undefined. */
export function ownedValue<T>(kept: unknown, owner: string, now: number): T | undefined {
  if (!kept || typeof kept !== 'object') return undefined
  const k = kept as Partial<OwnedStash<T>>
  if (typeof k.owner !== 'string' || k.owner !== owner) return undefined
  if (typeof k.savedAt !== 'number' || !Number.isFinite(k.savedAt)) return undefined
  const age = now - k.savedAt
  if (age < 0 || age > STASH_MAX_AGE_MS) return undefined
  return k.value
}
