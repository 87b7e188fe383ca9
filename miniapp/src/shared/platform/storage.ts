/**
 * Storage on every platform: persistent key-value storage, and the short-lived stash
 * that survives the face UI. Branches test `process.env.TARO_ENV`, which the build
 * replaces with a literal, so each platform's bundle keeps only its own branch.
 */
import Taro from '@tarojs/taro'
import { ownedValue, ownStash, stashOwner } from '../stashRules'
import { urlUser } from './h5Query'

const KEY_PREFIX = 'essc.'
/** Storage key of the session token. */
export const SESSION_KEY = 'session'
/** Storage key of the kept offline code batch; it belongs to the logged-in user. */
export const OFFLINE_CODES_KEY = 'offlineCodes'
/** H5: storage keys of the sandbox user, the partner launch's channel and that launch's own id. */
export const H5_USER_KEY = 'h5User'
export const LAUNCH_CHANNEL_KEY = 'h5LaunchChannel'
export const H5_LAUNCH_ID_KEY = 'h5LaunchId'
/** Storage key of the face check an H5 page left for (its id and route, no name or ID number). */
export const PENDING_FACE_KEY = 'pendingFace'

/**
 * Persistent key-value storage. Values are JSON-encoded by us, so Alipay (which wraps
 * sync reads as `{data}` in old base libraries) and H5 (localStorage, may throw in
 * private mode) behave the same.
 */
export const storage = {
  get<T>(key: string): T | undefined {
    try {
      let raw: unknown = Taro.getStorageSync(KEY_PREFIX + key)
      if (process.env.TARO_ENV === 'alipay' && raw && typeof raw === 'object' && 'data' in raw) {
        raw = (raw as { data: unknown }).data
      }
      if (typeof raw !== 'string' || raw === '') return undefined
      return JSON.parse(raw) as T
    } catch {
      return undefined
    }
  },
  set(key: string, value: unknown): void {
    try {
      Taro.setStorageSync(KEY_PREFIX + key, JSON.stringify(value))
    } catch {
      // Storage full or unavailable: the app still works for this session.
    }
  },
  remove(key: string): void {
    try {
      Taro.removeStorageSync(KEY_PREFIX + key)
    } catch {
      // ignore
    }
  },
}

/**
 * Whose a stash is: on H5 the sandbox user (the address's `?user=` first, so a page opened
 * for another user never sees the last one's draft, even before `h5User` has run), the
 * partner's channel and launch; the mini-programs run for one platform account ('').
 */
function currentOwner(): string {
  if (process.env.TARO_ENV !== 'h5') return ''
  return stashOwner(urlUser() ?? storage.get<string>(H5_USER_KEY), storage.get<string>(LAUNCH_CHANNEL_KEY), storage.get<string>(H5_LAUNCH_ID_KEY))
}

/** `value` with who keeps it and when, for `keptValue` (see `../stashRules`). */
export function keepOwned(value: unknown): unknown {
  return ownStash(value, currentOwner(), Date.now())
}

/** What `keepOwned` wrapped, when the same owner kept it within `STASH_MAX_AGE_MS`; else undefined. */
export function keptValue<T>(kept: unknown): T | undefined {
  return ownedValue<T>(kept, currentOwner(), Date.now())
}

function parse(raw: string | null | undefined): unknown {
  if (!raw) return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return undefined
  }
}

/**
 * Short-lived state that must survive the face UI. Mini-programs keep the page alive
 * while the face UI runs, so memory is enough; H5 leaves the page for the provider's
 * web page, so it uses sessionStorage (this tab only, gone when the tab closes), never
 * localStorage: it may hold the name and ID number typed for a claim. Each value is kept
 * with its owner and time: another H5 user or launch, or 30 minutes, and it is gone.
 */
const memoryStash = new Map<string, string>()

export const handoffStash = {
  set(key: string, value: unknown): void {
    const raw = JSON.stringify(keepOwned(value))
    if (process.env.TARO_ENV === 'h5') {
      try {
        window.sessionStorage.setItem(KEY_PREFIX + key, raw)
        return
      } catch {
        // fall through to memory
      }
    }
    memoryStash.set(key, raw)
  },
  take<T>(key: string): T | undefined {
    let raw: string | null | undefined = memoryStash.get(key)
    memoryStash.delete(key)
    if (process.env.TARO_ENV === 'h5') {
      try {
        raw = window.sessionStorage.getItem(KEY_PREFIX + key) ?? raw
        window.sessionStorage.removeItem(KEY_PREFIX + key)
      } catch {
        // ignore
      }
    }
    return keptValue<T>(parse(raw))
  },
}

/**
 * A form's draft that outlives the page (back, then in again; an H5 reload): H5 keeps it
 * in sessionStorage (this tab only, never localStorage: a claim's draft holds the name
 * and ID number), the mini-programs in memory while the app runs. Never a PIN. Like the
 * face stash it is the writer's only, for 30 minutes from its last change.
 */
export const draftStash = {
  get<T>(key: string): T | undefined {
    let raw: string | null | undefined = memoryStash.get(`draft.${key}`)
    if (process.env.TARO_ENV === 'h5') {
      try {
        raw = window.sessionStorage.getItem(`${KEY_PREFIX}draft.${key}`) ?? raw
      } catch {
        // memory only
      }
    }
    const value = keptValue<T>(parse(raw))
    // Someone else's or too old: gone for good.
    if (value === undefined && raw) draftStash.remove(key)
    return value
  },
  set(key: string, value: unknown): void {
    const raw = JSON.stringify(keepOwned(value))
    memoryStash.set(`draft.${key}`, raw)
    if (process.env.TARO_ENV === 'h5') {
      try {
        window.sessionStorage.setItem(`${KEY_PREFIX}draft.${key}`, raw)
      } catch {
        // memory only
      }
    }
  },
  remove(key: string): void {
    memoryStash.delete(`draft.${key}`)
    if (process.env.TARO_ENV === 'h5') {
      try {
        window.sessionStorage.removeItem(`${KEY_PREFIX}draft.${key}`)
      } catch {
        // ignore
      }
    }
  },
}

/** Drops every draft and the face return (H5: a new launch or another user; see `h5`). */
export function clearStashes(): void {
  memoryStash.clear()
  storage.remove(PENDING_FACE_KEY)
  if (process.env.TARO_ENV === 'h5') {
    try {
      const ours: string[] = []
      for (let i = 0; i < window.sessionStorage.length; i++) {
        const k = window.sessionStorage.key(i)
        if (k && k.startsWith(KEY_PREFIX)) ours.push(k)
      }
      for (const k of ours) window.sessionStorage.removeItem(k)
    } catch {
      // ignore
    }
  }
}
