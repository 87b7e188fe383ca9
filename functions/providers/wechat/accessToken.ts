/**
 * The mini-program's server access_token (cgi-bin/stable_token), cached per container
 * until five minutes before it expires. WeChat limits how often it may be fetched.
 */
import { PlatformLoginError, type HttpFetch } from '../login.js';

const cache = new Map<string, { token: string; expiresAt: number }>();

export async function wechatAccessToken(appId: string, secret: string, fetchFn: HttpFetch = fetch): Promise<string> {
  const hit = cache.get(appId);
  if (hit && hit.expiresAt - 300_000 > Date.now()) return hit.token;
  let body: { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
  try {
    const res = await fetchFn('https://api.weixin.qq.com/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret }),
    });
    body = (await res.json()) as typeof body;
  } catch (cause) {
    throw new PlatformLoginError('WeChat stable_token could not be fetched', { cause });
  }
  if (!body.access_token) throw new PlatformLoginError(`WeChat stable_token refused: errcode ${body.errcode}`);
  cache.set(appId, { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 });
  return body.access_token;
}

/**
 * Forgets `token` when WeChat called it invalid or expired (errcode 40001 / 42001 / 40014), so
 * the next wechatAccessToken fetches the current one; a newer token already cached is kept.
 */
export function forgetWechatAccessToken(appId: string, token: string): void {
  if (cache.get(appId)?.token === token) cache.delete(appId);
}
