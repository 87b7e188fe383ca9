import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoginCodeRejected, PlatformLoginError, type HttpFetch } from '../../../../functions/providers/login.js';
import { WechatLogin } from '../../../../functions/providers/wechat/login.js';
import { fakeFetch, json } from '../../support/fakeFetch.js';

const fx = JSON.parse(
  readFileSync(new URL('../../../fixtures/providers/wechat-jscode2session.json', import.meta.url), 'utf8'),
);

const SECRET = 'appsecret-0123456789abcdef';
const login = (fetch: HttpFetch) => new WechatLogin({ appId: 'wx1234567890abcdef', appSecret: SECRET, fetch });

describe('WechatLogin (code2Session)', () => {
  it('calls jscode2session with appid, secret, js_code and grant_type, and returns openid + unionid only', async () => {
    const { fetch, calls } = fakeFetch(json(fx.responses.success));
    const user = await login(fetch).exchange('0a3Xyz-_9');

    expect(calls).toHaveLength(1);
    const url = new URL(calls[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://api.weixin.qq.com/sns/jscode2session');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'wx1234567890abcdef',
      secret: SECRET,
      js_code: '0a3Xyz-_9',
      grant_type: 'authorization_code',
    });
    expect([...new URL(fx.request.url).searchParams.keys()].sort()).toEqual([...url.searchParams.keys()].sort());
    expect(calls[0]!.init.method).toBe('GET');

    expect(user).toEqual({ openid: fx.responses.success.openid, unionid: fx.responses.success.unionid });
    expect(JSON.stringify(user)).not.toContain(fx.responses.success.session_key);
  });

  it('omits unionid when WeChat sends none', async () => {
    const { fetch } = fakeFetch(json(fx.responses.successWithoutUnionid));
    const user = await login(fetch).exchange('code1');
    expect(user).toEqual({ openid: fx.responses.successWithoutUnionid.openid });
    expect(Object.keys(user)).toEqual(['openid']);
  });

  it.each([
    ['invalidCode', 40029],
    ['codeUsed', 40163],
    ['codeBlocked', 40226],
  ])('rejects the code on %s (errcode %i)', async (key, errcode) => {
    const { fetch } = fakeFetch(json(fx.responses[key]));
    const err = await login(fetch).exchange('code1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginCodeRejected);
    expect((err as Error).message).toContain(String(errcode));
  });

  it.each(['rateLimited', 'systemBusy'])('treats %s as a platform failure, not the client\'s', async (key) => {
    const { fetch } = fakeFetch(json(fx.responses[key]));
    const err = await login(fetch).exchange('code1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformLoginError);
    expect(err).not.toBeInstanceOf(LoginCodeRejected);
  });

  it('refuses a malformed code without calling WeChat', async () => {
    const { fetch, calls } = fakeFetch();
    for (const code of ['', 'a b', 'x'.repeat(129), 'code&secret=evil']) {
      await expect(login(fetch).exchange(code)).rejects.toBeInstanceOf(LoginCodeRejected);
    }
    expect(calls).toHaveLength(0);
  });

  it('wraps a network failure with its cause and never puts the secret in the message', async () => {
    const boom = new TypeError('fetch failed');
    const { fetch } = fakeFetch(boom);
    const err = await login(fetch).exchange('code1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformLoginError);
    expect((err as Error).cause).toBe(boom);
    expect((err as Error).message).not.toContain(SECRET);
  });

  it('treats a 5xx, a non-JSON body and an answer without openid as platform failures', async () => {
    await expect(login(fakeFetch(new Response('', { status: 502 })).fetch).exchange('c')).rejects.toThrow(/HTTP 502/);
    const notJson = await login(fakeFetch(new Response('<html>')).fetch).exchange('c').catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(PlatformLoginError);
    expect((notJson as Error).cause).toBeInstanceOf(Error);
    await expect(login(fakeFetch(json({ session_key: 'k' })).fetch).exchange('c')).rejects.toThrow(/without an openid/);
  });
});
