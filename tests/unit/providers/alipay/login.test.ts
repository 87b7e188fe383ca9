import { createVerify, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signRsa2 } from '../../../../functions/providers/alipay/gateway.js';
import { AlipayLogin } from '../../../../functions/providers/alipay/login.js';
import { LoginCodeRejected, PlatformLoginError, type HttpFetch } from '../../../../functions/providers/login.js';
import { fakeFetch, type Call } from '../../support/fakeFetch.js';

const fx = JSON.parse(
  readFileSync(new URL('../../../fixtures/providers/alipay-oauth-token.json', import.meta.url), 'utf8'),
);

const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });

function signed(key: string, node: unknown): Response {
  const raw = JSON.stringify(node);
  return new Response(`{"${key}":${raw},"sign":"${signRsa2(raw, alipay.privateKey)}"}`);
}

function paramsOf(call: Call): Record<string, string> {
  const url = new URL(call.url);
  return { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(String(call.init.body))) };
}

const NOW = new Date('2025-02-03T04:05:06Z');
const login = (fetch: HttpFetch) =>
  new AlipayLogin({ appId: '2021004100000002', privateKey: app.privateKey, alipayPublicKey: alipay.publicKey, fetch, now: () => NOW });

describe('AlipayLogin (alipay.system.oauth.token)', () => {
  it('sends grant_type and code as top-level params, signed RSA2, and returns the open_id only', async () => {
    const { fetch, calls } = fakeFetch(signed(fx.responseKey, fx.responses.successOpenId));
    const user = await login(fetch).exchange(fx.params.code);

    const params = paramsOf(calls[0]!);
    expect(params).toMatchObject({
      app_id: '2021004100000002',
      method: fx.method,
      grant_type: 'authorization_code',
      code: fx.params.code,
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2025-02-03 12:05:06',
      version: '1.0',
    });
    expect(params).not.toHaveProperty('biz_content');
    const content = Object.keys(params)
      .filter((k) => k !== 'sign')
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    expect(content).toContain(`code=${fx.params.code}&format=JSON&grant_type=authorization_code`);
    expect(createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, params.sign!, 'base64')).toBe(true);

    expect(user).toEqual({ openid: fx.responses.successOpenId.open_id });
    expect(JSON.stringify(user)).not.toContain(fx.responses.successOpenId.access_token);
  });

  it('falls back to user_id for apps that still get one', async () => {
    const { fetch } = fakeFetch(signed(fx.responseKey, fx.responses.successUserId));
    expect(await login(fetch).exchange('code1')).toEqual({ openid: fx.responses.successUserId.user_id });
  });

  it('rejects the code on isv.code-invalid', async () => {
    const { fetch } = fakeFetch(new Response(JSON.stringify({ error_response: fx.responses.codeInvalid })));
    const err = await login(fetch).exchange('code1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginCodeRejected);
    expect((err as Error).message).toContain('isv.code-invalid');
  });

  it('treats other error nodes as platform failures', async () => {
    const { fetch } = fakeFetch(signed('error_response', fx.responses.systemError));
    const err = await login(fetch).exchange('code1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformLoginError);
    expect((err as Error).message).toContain('isp.unknow-error');
  });

  it('refuses an answer whose signature does not verify', async () => {
    const raw = JSON.stringify(fx.responses.successUserId);
    const forged = new Response(
      `{"${fx.responseKey}":${raw.replace('2088102150477652', '2088000000000001')},"sign":"${signRsa2(raw, alipay.privateKey)}"}`,
    );
    await expect(login(fakeFetch(forged).fetch).exchange('code1')).rejects.toThrow(/signature/);
  });

  it('wraps network failures, 5xx and non-JSON answers in PlatformLoginError', async () => {
    const boom = new TypeError('fetch failed');
    const err = await login(fakeFetch(boom).fetch).exchange('code1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformLoginError);
    expect(((err as Error).cause as Error).cause).toBe(boom);
    await expect(login(fakeFetch(new Response('', { status: 503 })).fetch).exchange('c')).rejects.toBeInstanceOf(PlatformLoginError);
    await expect(login(fakeFetch(new Response('nope')).fetch).exchange('c')).rejects.toBeInstanceOf(PlatformLoginError);
  });

  it('refuses a malformed code without calling Alipay', async () => {
    const { fetch, calls } = fakeFetch();
    await expect(login(fetch).exchange('')).rejects.toBeInstanceOf(LoginCodeRejected);
    await expect(login(fetch).exchange('a&sign=x')).rejects.toBeInstanceOf(LoginCodeRejected);
    expect(calls).toHaveLength(0);
  });
});
