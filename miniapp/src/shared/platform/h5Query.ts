/** H5 only: the address's query, and the sandbox user it names. No storage: `storage` and `h5` both read it. */

/** What `?user=` may be. */
export const H5_USER_ID = /^[\w.-]{1,64}$/

/** Query parameters of an H5 URL, from both the search part and the hash route. */
export function h5QueryParams(): Map<string, string> {
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

/** The sandbox user the address names (`?user=`), if a valid one. */
export function urlUser(): string | undefined {
  const fromUrl = h5QueryParams().get('user')
  return fromUrl && H5_USER_ID.test(fromUrl) ? fromUrl : undefined
}
