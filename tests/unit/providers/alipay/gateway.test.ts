import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AlipayGateway,
  AlipayGatewayError,
  alipaySignContent,
  alipayTimestamp,
  rawJsonMember,
  signRsa2,
  toPrivateKey,
  verifyRsa2,
} from '../../../../functions/providers/alipay/gateway.js';
import type { HttpFetch } from '../../../../functions/providers/face.js';

const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('alipayTimestamp', () => {
  it('formats China time (UTC+8) as yyyy-MM-dd HH:mm:ss, across a day boundary', () => {
    expect(alipayTimestamp(new Date('2024-01-01T16:30:05.999Z'))).toBe('2024-01-02 00:30:05');
    expect(alipayTimestamp(new Date('2024-07-24T03:07:50Z'))).toBe('2024-07-24 11:07:50');
  });
});

describe('alipaySignContent', () => {
  it('sorts by name, joins k=v with &, leaves out sign and empty values, keeps raw values', () => {
    const content = alipaySignContent({
      timestamp: '2019-01-01 08:09:33',
      method: 'alipay.trade.create',
      app_id: '20135234674',
      sign_type: 'RSA2',
      sign: 'should-not-appear',
      empty: '',
      missing: undefined,
      biz_content: '{"total_amount":"10.08","discount_amount":""}',
    });
    expect(content).toBe(
      'app_id=20135234674&biz_content={"total_amount":"10.08","discount_amount":""}&method=alipay.trade.create&sign_type=RSA2&timestamp=2019-01-01 08:09:33',
    );
  });
});

describe('RSA2 signing (SHA256withRSA)', () => {
  const content = 'app_id=2021&biz_content={"a":"中文"}&charset=utf-8&method=m&sign_type=RSA2&timestamp=2024-01-02 00:30:05&version=1.0';

  it('produces a signature that the app public key verifies over the exact UTF-8 content', () => {
    const sign = signRsa2(content, app.privateKey);
    expect(createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, sign, 'base64')).toBe(true);
    expect(createVerify('RSA-SHA256').update(`${content}x`, 'utf8').verify(app.publicKey, sign, 'base64')).toBe(false);
    expect(verifyRsa2(content, sign, app.publicKey)).toBe(true);
    expect(verifyRsa2(content, sign, alipay.publicKey)).toBe(false);
  });

  it('accepts the key in every form Alipay tools print: PKCS#1 / PKCS#8 PEM and bare base64 DER', () => {
    const reference = signRsa2(content, app.privateKey);
    const pkcs1Pem = app.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const pkcs8Pem = app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const pkcs1Bare = (app.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64');
    const pkcs8Bare = (app.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
    for (const form of [pkcs1Pem, pkcs8Pem, pkcs1Bare, pkcs8Bare]) {
      expect(signRsa2(content, form)).toBe(reference); // PKCS#1 v1.5 signatures are deterministic
    }
    const publicBare = (app.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    expect(verifyRsa2(content, reference, publicBare)).toBe(true);
    expect(toPrivateKey(pkcs8Bare).asymmetricKeyType).toBe('rsa');
  });
});

describe('rawJsonMember', () => {
  it('returns the exact text of the member, strings with braces and escapes included', () => {
    const node = '{ "code" : "10000", "msg":"Su}cc\\"ess{", "url":"https:\\/\\/x", "n":[1,{"a":"]"}] }';
    const body = `{"other":{"x":"alipay_user_certify_open_query_response"},"alipay_user_certify_open_query_response" :  ${node},"sign":"abc"}`;
    expect(rawJsonMember(body, 'alipay_user_certify_open_query_response')).toBe(node);
    expect(rawJsonMember(body, 'missing_response')).toBeUndefined();
  });
});

describe('AlipayGateway.call', () => {
  const NOW = new Date('2024-05-01T00:00:00Z');
  function signedBody(key: string, node: unknown): string {
    const raw = JSON.stringify(node);
    return `{"${key}":${raw},"sign":"${signRsa2(raw, alipay.privateKey)}"}`;
  }

  function gatewayWith(answer: Response, withPublicKey = true): { gw: AlipayGateway; calls: { url: string; init: RequestInit }[] } {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch: HttpFetch = async (url, init = {}) => {
      calls.push({ url, init });
      return answer;
    };
    const gw = new AlipayGateway({
      appId: '2021000000000001',
      privateKey: app.privateKey,
      ...(withPublicKey ? { alipayPublicKey: alipay.publicKey } : {}),
      fetch,
      now: () => NOW,
    });
    return { gw, calls };
  }

  it('posts public params in the URL and business params in a form body, signed over all of them', async () => {
    const { gw, calls } = gatewayWith(new Response(signedBody('x_y_response', { code: '10000', msg: 'Success' })));
    const res = await gw.call('x.y', { bizContent: { k: 'v' }, params: { extra: '1' } });
    expect(res).toEqual({ key: 'x_y_response', node: { code: '10000', msg: 'Success' }, verified: true });

    const url = new URL(calls[0]!.url);
    expect(url.origin + url.pathname).toBe('https://openapi.alipay.com/gateway.do');
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/x-www-form-urlencoded;charset=utf-8');
    const body = new URLSearchParams(String(calls[0]!.init.body));
    expect(Object.fromEntries(body)).toEqual({ biz_content: '{"k":"v"}', extra: '1' });
    const all = { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(body) };
    expect(all).toMatchObject({
      app_id: '2021000000000001',
      method: 'x.y',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2024-05-01 08:00:00',
      version: '1.0',
    });
    const expectedContent =
      'app_id=2021000000000001&biz_content={"k":"v"}&charset=utf-8&extra=1&format=JSON&method=x.y&sign_type=RSA2&timestamp=2024-05-01 08:00:00&version=1.0';
    expect(createVerify('RSA-SHA256').update(expectedContent, 'utf8').verify(app.publicKey, all.sign!, 'base64')).toBe(true);
  });

  it('rejects a response whose node was changed after Alipay signed it', async () => {
    const tampered = signedBody('x_y_response', { code: '10000', passed: 'F' }).replace('"F"', '"T"');
    const { gw } = gatewayWith(new Response(tampered));
    const err = await gw.call('x.y').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlipayGatewayError);
    expect((err as AlipayGatewayError).kind).toBe('signature');
  });

  it('rejects an unsigned success when the Alipay public key is configured, accepts it when not', async () => {
    const unsigned = JSON.stringify({ x_y_response: { code: '10000', msg: 'Success' } });
    await expect(gatewayWith(new Response(unsigned)).gw.call('x.y')).rejects.toMatchObject({ kind: 'signature' });
    const res = await gatewayWith(new Response(unsigned), false).gw.call('x.y');
    expect(res.verified).toBe(false);
    expect(res.node.code).toBe('10000');
  });

  it('returns error_response nodes', async () => {
    const body = JSON.stringify({ error_response: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid' } });
    const res = await gatewayWith(new Response(body)).gw.call('x.y');
    expect(res.key).toBe('error_response');
    expect(res.node.sub_code).toBe('isv.code-invalid');
  });

  it('classifies HTTP errors, non-JSON and missing nodes', async () => {
    await expect(gatewayWith(new Response('', { status: 502 })).gw.call('x.y')).rejects.toMatchObject({ kind: 'http', status: 502 });
    await expect(gatewayWith(new Response('<html>')).gw.call('x.y')).rejects.toMatchObject({ kind: 'parse' });
    await expect(gatewayWith(new Response('{"foo":{}}')).gw.call('x.y')).rejects.toMatchObject({ kind: 'parse' });
  });

  it('builds the signed GET URL of a page method', () => {
    const { gw } = gatewayWith(new Response(''));
    const url = new URL(gw.pageUrl('alipay.user.certify.open.certify', { bizContent: { certify_id: 'c1' } }));
    const params = Object.fromEntries(url.searchParams);
    expect(params.method).toBe('alipay.user.certify.open.certify');
    expect(params.biz_content).toBe('{"certify_id":"c1"}');
    expect(verifyRsa2(alipaySignContent(params), params.sign!, app.publicKey)).toBe(true);
  });
});
