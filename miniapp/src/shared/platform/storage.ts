/**
 * Storage on every platform: persistent key-value storage, and the short-lived stash
 * that survives the face UI. Branches test `process.env.TARO_ENV`, which the build
 * replaces with a literal, so each platform's bundle keeps only its own branch.
 */
import Taro from '@tarojs/taro'

const KEY_PREFIX = 'essc.'
/** Storage key of the session token. */
export const SESSION_KEY = 'session'
/** Storage key of the kept offline code batch; it belongs to the logged-in user. */
export const OFFLINE_CODES_KEY = 'offlineCodes'

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
 * Short-lived state that must survive the face UI. Mini-programs keep the page alive
 * while the face UI runs, so memory is enough; H5 leaves the page for the provider's
 * web page, so it uses sessionStorage (this tab only, gone when the tab closes), never
 * localStorage: it may hold the name and ID number typed for a claim.
 */
const memoryStash = new Map<string, string>()

export const handoffStash = {
  set(key: string, value: unknown): void {
    const raw = JSON.stringify(value)
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
    if (!raw) return undefined
    try {
      return JSON.parse(raw) as T
    } catch {
      return undefined
    }
  },
}

/**
 * A form's draft that outlives the page (back, then in again; an H5 reload): H5 keeps it
 * in sessionStorage (this tab only, never localStorage: a claim's draft holds the name
 * and ID number), the mini-programs in memory while the app runs. Never a PIN.
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
    if (!raw) return undefined
    try {
      return JSON.parse(raw) as T
    } catch {
      return undefined
    }
  },
  set(key: string, value: unknown): void {
    const raw = JSON.stringify(value)
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
