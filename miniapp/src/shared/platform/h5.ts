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

const LAUNCH_CHANNEL_KEY = 'h5LaunchChannel'
const TICKET = /^lt_[A-Za-z0-9_-]{43}$/
const CHANNEL = /^[a-z0-9][a-z0-9-]{1,39}$/

/** The launch ticket of this page load, used once for the session (never stored). */
let pendingTicket: string | undefined

/** The address without `names` in its query (search part and hash route). */
function withoutParams(href: string, names: string[]): string {
  const url = new URL(href)
  for (const n of names) url.searchParams.delete(n)
  const q = url.hash.indexOf('?')
  if (q >= 0) {
    const hashQuery = new URLSearchParams(url.hash.slice(q + 1))
    for (const n of names) hashQuery.delete(n)
    const rest = hashQuery.toString()
    url.hash = url.hash.slice(0, q) + (rest ? `?${rest}` : '')
  }
  return url.toString()
}

/**
 * H5 only: a partner app opened its `launchUrl` (`?channel=<id>&ticket=<ticket>`). The
 * ticket leaves the address bar at once (so it is in no history entry, bookmark or
 * referrer), is kept in memory for the one login it is good for, and the channel is kept
 * for the rest of the visit. A new launch is a new user: the old session goes.
 */
export function h5Launch(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  const params = h5QueryParams()
  if (!params.has('ticket')) return
  const ticket = params.get('ticket') ?? ''
  const channel = params.get('channel') ?? ''
  try {
    window.history.replaceState(window.history.state, '', withoutParams(window.location.href, ['ticket']))
  } catch {
    // An address the page cannot rewrite: the ticket is single use anyway.
  }
  if (!TICKET.test(ticket) || !CHANNEL.test(channel)) return
  pendingTicket = ticket
  storage.set(LAUNCH_CHANNEL_KEY, channel)
  storage.remove(SESSION_KEY)
  storage.remove(OFFLINE_CODES_KEY)
}

/** The channel of a partner launch in this visit, if any. */
export function h5LaunchChannel(): string | undefined {
  return storage.get<string>(LAUNCH_CHANNEL_KEY) ?? undefined
}

/** The launch ticket, once: a later login (an expired session) needs a new launch. */
export function takeLaunchTicket(): string | undefined {
  const ticket = pendingTicket
  pendingTicket = undefined
  return ticket
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
