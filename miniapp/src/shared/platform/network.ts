/** Request quirks: H5's runtime API URL, and Alipay's rejection of any non-2xx status. */

/**
 * H5 only: an API base URL set by the page that serves the app
 * (`<script>window.__ESSC_API_URL__="..."</script>`), so one build works against an API
 * on any host. Mini-programs use the build-time TARO_APP_API_URL only.
 */
export function runtimeApiUrl(): string | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined
  const v = (window as unknown as { __ESSC_API_URL__?: unknown }).__ESSC_API_URL__
  return typeof v === 'string' && /^https?:\/\//.test(v) ? v : undefined
}

export interface RawResponse {
  statusCode: number
  data: unknown
}

/**
 * Alipay's my.request treats any non-2xx status as a failure (error 19) and puts the
 * status and body on the error; WeChat and H5 resolve with statusCode. Turns such a
 * rejection back into a response, or returns undefined for a real network error.
 */
export function responseFromRequestError(err: unknown): RawResponse | undefined {
  if (!err || typeof err !== 'object') return undefined
  const e = err as { status?: unknown; statusCode?: unknown; data?: unknown }
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined
  if (status === undefined || status < 100) return undefined
  let data = e.data
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      // leave as text
    }
  }
  return { statusCode: status, data }
}
