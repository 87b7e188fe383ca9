/** Web origins and loopback hosts: what a registered origin, a return URL or a webhook URL may be. Pure. */

/** A serialized origin: scheme, host and port only, as a browser sends it in `Origin`. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** 127.0.0.1, localhost or [::1]: the only hosts plain http may name, and only on the local stages. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
