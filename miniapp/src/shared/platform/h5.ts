/** H5 only: the sandbox user, from the URL or made once and kept. */
import { H5_USER_ID, h5QueryParams } from './h5Query'
import { clearStashes, H5_LAUNCH_ID_KEY, H5_USER_KEY, LAUNCH_CHANNEL_KEY, OFFLINE_CODES_KEY, SESSION_KEY, storage } from './storage'

function randomId(prefix = 'h5'): string {
  const bytes: string[] = []
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(Math.random() * 16).toString(16))
  return `${prefix}-${Date.now().toString(36)}-${bytes.join('')}`
}

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
 * for the rest of the visit. A new launch is a new user: the old session, offline codes,
 * form drafts and face return go (the drafts and the face return are also tied to this launch).
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
  storage.set(H5_LAUNCH_ID_KEY, randomId('launch'))
  storage.remove(SESSION_KEY)
  storage.remove(OFFLINE_CODES_KEY)
  clearStashes()
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
  if (fromUrl && H5_USER_ID.test(fromUrl)) {
    if (storage.get<string>(H5_USER_KEY) !== fromUrl) {
      storage.set(H5_USER_KEY, fromUrl)
      // A different user: the old session, offline codes, drafts and face return belong to someone else.
      storage.remove(SESSION_KEY)
      storage.remove(OFFLINE_CODES_KEY)
      clearStashes()
    }
    return fromUrl
  }
  const kept = storage.get<string>(H5_USER_KEY)
  if (kept) return kept
  const made = randomId()
  storage.set(H5_USER_KEY, made)
  return made
}
