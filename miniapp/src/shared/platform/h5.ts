/** H5 only: the sandbox user, from the URL or made once and kept. */
import { OFFLINE_CODES_KEY, SESSION_KEY, storage } from './storage'

const H5_USER_KEY = 'h5User'

function randomId(): string {
  const bytes: string[] = []
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(Math.random() * 16).toString(16))
  return `h5-${Date.now().toString(36)}-${bytes.join('')}`
}

/** Query parameters of an H5 URL, from both the search part and the hash route. */
function h5QueryParams(): Map<string, string> {
  const params = new Map<string, string>()
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return params
  const { search, hash } = window.location
  const parts = [search.replace(/^\?/, '')]
  // With hash routing the query may sit inside the hash: #/pages/x/index?user=a&b=c
  const hashQuery = hash.indexOf('?')
  if (hashQuery >= 0) parts.push(hash.slice(hashQuery + 1))
  for (const part of parts) {
    for (const pair of part.split(/[?&]/)) {
      if (!pair) continue
      const eq = pair.indexOf('=')
      const k = eq >= 0 ? pair.slice(0, eq) : pair
      const v = eq >= 0 ? pair.slice(eq + 1) : ''
      try {
        params.set(decodeURIComponent(k), decodeURIComponent(v.replace(/\+/g, ' ')))
      } catch {
        params.set(k, v)
      }
    }
  }
  return params
}

/**
 * H5 only: the sandbox user comes from `?user=` (persisted, so it survives navigation
 * and the face page's redirect), else a random id made once and kept.
 */
export function h5User(): string {
  const fromUrl = h5QueryParams().get('user')
  if (fromUrl && /^[\w.-]{1,64}$/.test(fromUrl)) {
    if (storage.get<string>(H5_USER_KEY) !== fromUrl) {
      storage.set(H5_USER_KEY, fromUrl)
      // A different user: the old session and offline codes belong to someone else.
      storage.remove(SESSION_KEY)
      storage.remove(OFFLINE_CODES_KEY)
    }
    return fromUrl
  }
  const kept = storage.get<string>(H5_USER_KEY)
  if (kept) return kept
  const made = randomId()
  storage.set(H5_USER_KEY, made)
  return made
}
