/**
 * H5 only: inside a partner app's page (an iframe of its own origin), tell the host what
 * happened: `{source: 'essc', type, holderRef}` (API.md, "Launch"), posted only to the
 * channel's registered web origins, which the session answer of a launch names (a page of
 * any other origin that frames the card gets nothing).
 */
import { storage } from './storage'

const EMBED_ORIGINS_KEY = 'embedOrigins'
const HOLDER_REF_KEY = 'holderRef'

export type HostEvent = 'claimed' | 'unbound' | 'closed'

/** Keeps the origins a launch's session may post to (replaced at every login). */
export function rememberEmbedOrigins(origins: unknown): void {
  if (process.env.TARO_ENV !== 'h5') return
  const list = Array.isArray(origins) ? origins.filter((o): o is string => typeof o === 'string' && /^https?:\/\/[^/]+$/.test(o)) : []
  if (list.length > 0) storage.set(EMBED_ORIGINS_KEY, list)
  else storage.remove(EMBED_ORIGINS_KEY)
}

/** Keeps the holder's pairwise reference for this channel (the claim and the card answer carry it). */
export function rememberHolderRef(holderRef: unknown): void {
  if (process.env.TARO_ENV === 'h5' && typeof holderRef === 'string' && /^hr_[A-Za-z0-9_-]{1,64}$/.test(holderRef)) storage.set(HOLDER_REF_KEY, holderRef)
}

export function tellHost(type: HostEvent): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined' || window.parent === window) return
  const origins = storage.get<string[]>(EMBED_ORIGINS_KEY) ?? []
  const holderRef = storage.get<string>(HOLDER_REF_KEY)
  for (const origin of origins) {
    try {
      // The browser hands it over only if the parent is of that origin.
      window.parent.postMessage({ source: 'essc', type, ...(holderRef ? { holderRef } : {}) }, origin)
    } catch {
      // A malformed origin: nothing to tell.
    }
  }
}

/** Tells the host when the card's page goes away (the user closed or left it). */
export function tellHostOnClose(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  window.addEventListener('pagehide', () => tellHost('closed'))
}
