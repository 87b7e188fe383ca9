import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlipayFaceProvider } from '../../../../functions/providers/alipay/face.js';
import { FaceProviderError, type HttpFetch } from '../../../../functions/providers/face.js';
import { signRsa2 } from '../../../../functions/providers/alipay/gateway.js';
import { alipay, appKeys, appSignatureValid, paramsOf, signed } from './kit.js';
import { fakeFetch } from '../../support/fakeFetch.js';

const fx = JSON.parse(
  readFileSync(new URL('../../../fixtures/providers/alipay-certify.json', import.meta.url), 'utf8'),
);

const NOW = new Date('2025-06-30T16:00:00Z'); // 2025-07-01 00:00:00 in China
const subject = { name: '王小明', idNumber: '110101199003071234' };
const INIT_KEY = fx.initialize.responseKey as string;
const QUERY_KEY = fx.query.responseKey as string;

function provider(fetch: HttpFetch, extra: Partial<ConstructorParameters<typeof AlipayFaceProvider>[0]> = {}): AlipayFaceProvider {
  return new AlipayFaceProvider({
    appId: '2021004100000001',
    ...appKeys,
    fetch,
    now: () => NOW,
    ...extra,
  });
}

function expectNoPersonalData(err: unknown): void {
  const text = `${(err as Error).message} ${String((err as Error).stack)}`;
  expect(text).not.toContain(subject.name);
  expect(text).not.toContain(subject.idNumber);
}

describe('AlipayFaceProvider.start', () => {
  it('calls initialize with the documented biz_content, signed RSA2, and hands off certifyId and the signed certify URL', async () => {
    const { fetch, calls } = fakeFetch(signed(INIT_KEY, fx.initialize.responses.success));
    const started = await provider(fetch).start({
      outSeqNo: 'fv20250701000001',
      subject,
      returnUrl: 'https://essc.example.cn/face/return?id=fv20250701000001',
    });

    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.init.method).toBe('POST');
    const url = new URL(call.url);
    expect(`${url.origin}${url.pathname}`).toBe(fx.gateway);
    const params = paramsOf(call);
    expect(Object.keys(params).sort()).toEqual([...fx.publicParams].sort());
    expect(params).toMatchObject({
      app_id: '2021004100000001',
      method: 'alipay.user.certify.open.initialize',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2025-07-01 00:00:00',
      version: '1.0',
    });
    expect(JSON.parse(params.biz_content!)).toEqual({
      outer_order_no: 'fv20250701000001',
      biz_code: 'FACE',
      identity_param: { identity_type: 'CERT_INFO', cert_type: 'IDENTITY_CARD', cert_name: '王小明', cert_no: '110101199003071234' },
      merchant_config: { return_url: 'https://essc.example.cn/face/return?id=fv20250701000001' },
    });
    expect(Object.keys(JSON.parse(params.biz_content!)).sort()).toEqual(Object.keys(fx.initialize.bizContent).sort());
    expect(appSignatureValid(params)).toBe(true);

    const certifyId = fx.initialize.responses.success.certify_id;
    expect(started.providerRef).toBe(certifyId);
    expect(started.expiresAt.getTime() - NOW.getTime()).toBe(23 * 3600_000);
    expect(Object.keys(started.handoff).sort()).toEqual(['certifyId', 'url']);
    expect(started.handoff.certifyId).toBe(certifyId);

    const certifyUrl = new URL(started.handoff.url!);
    expect(`${certifyUrl.origin}${certifyUrl.pathname}`).toBe(fx.gateway);
    const urlParams = Object.fromEntries(certifyUrl.searchParams);
    expect(urlParams.method).toBe('alipay.user.certify.open.certify');
    expect(JSON.parse(urlParams.biz_content!)).toEqual({ certify_id: certifyId });
    expect(urlParams.timestamp).toBe('2025-07-01 00:00:00');
    expect(appSignatureValid(urlParams)).toBe(true);
    // the certify URL carries no personal information
    expect(started.handoff.url).not.toContain(encodeURIComponent(subject.name));
    expect(started.handoff.url).not.toContain(subject.idNumber);
  });

  it('uses the default return URL when the input has none, and refuses without any', async () => {
    const a = fakeFetch(signed(INIT_KEY, fx.initialize.responses.success));
    await provider(a.fetch, { defaultReturnUrl: 'https://essc.example.cn/r' }).start({ outSeqNo: 'o1', subject });
    expect(JSON.parse(paramsOf(a.calls[0]!).biz_content!).merchant_config).toEqual({ return_url: 'https://essc.example.cn/r' });

    const b = fakeFetch();
    await expect(provider(b.fetch).start({ outSeqNo: 'o1', subject })).rejects.toBeInstanceOf(FaceProviderError);
    expect(b.calls).toHaveLength(0);
  });

  it('throws a FaceProviderError naming the codes, without personal data, on an error node', async () => {
    const { fetch } = fakeFetch(signed(INIT_KEY, fx.initialize.responses.invalidSignature));
    const err = await provider(fetch).start({ outSeqNo: 'o1', subject, returnUrl: 'https://r.example' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as FaceProviderError).provider).toBe('alipay');
    expect((err as Error).message).toContain('40002');
    expect((err as Error).message).toContain('isv.invalid-signature');
    expectNoPersonalData(err);
  });

  it('refuses an answer not signed by the Alipay key', async () => {
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { fetch } = fakeFetch(signed(INIT_KEY, fx.initialize.responses.success, forger.privateKey));
    const err = await provider(fetch).start({ outSeqNo: 'o1', subject, returnUrl: 'https://r.example' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).message).toMatch(/signature/);
  });

  it('wraps a network failure with its cause', async () => {
    const boom = new TypeError('fetch failed');
    const { fetch } = fakeFetch(boom);
    const err = await provider(fetch).start({ outSeqNo: 'o1', subject, returnUrl: 'https://r.example' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect(((err as Error).cause as Error).cause).toBe(boom);
    expectNoPersonalData(err);
  });
});

describe('AlipayFaceProvider.query', () => {
  const input = { providerRef: '2109b5e671aa3ff2eb4851816c65828f', outSeqNo: 'o1', subject };

  it('sends the certify_id to query and passes on T', async () => {
    const { fetch, calls } = fakeFetch(signed(QUERY_KEY, fx.query.responses.passed));
    expect(await provider(fetch).query(input)).toEqual({ status: 'passed' });
    const params = paramsOf(calls[0]!);
    expect(params.method).toBe('alipay.user.certify.open.query');
    expect(JSON.parse(params.biz_content!)).toEqual(fx.query.bizContent);
    expect(appSignatureValid(params)).toBe(true);
  });

  it('fails on F', async () => {
    const { fetch } = fakeFetch(signed(QUERY_KEY, fx.query.responses.notPassed));
    expect(await provider(fetch).query(input)).toEqual({ status: 'failed', reason: 'not_passed' });
  });

  it('is pending when the answer has no passed yet', async () => {
    const { fetch } = fakeFetch(signed(QUERY_KEY, fx.query.responses.pending));
    expect(await provider(fetch).query(input)).toEqual({ status: 'pending' });
  });

  it('throws on a business error node', async () => {
    const { fetch } = fakeFetch(signed(QUERY_KEY, fx.query.responses.businessFailed));
    await expect(provider(fetch).query(input)).rejects.toThrow(/40004.*SYSTEM_ERROR/);
  });

  it('never passes a T that was tampered in', async () => {
    const raw = JSON.stringify(fx.query.responses.notPassed);
    const sign = signRsa2(raw, alipay.privateKey);
    const forged = new Response(`{"${QUERY_KEY}":${raw.replace('"F"', '"T"')},"sign":"${sign}"}`);
    const { fetch } = fakeFetch(forged);
    await expect(provider(fetch).query(input)).rejects.toBeInstanceOf(FaceProviderError);
  });

  it('throws on a 5xx, on a non-JSON body and on a network failure', async () => {
    await expect(provider(fakeFetch(new Response('', { status: 500 })).fetch).query(input)).rejects.toThrow(/HTTP 500/);
    await expect(provider(fakeFetch(new Response('oops')).fetch).query(input)).rejects.toThrow(/not JSON/);
    const boom = new Error('ETIMEDOUT');
    const err = await provider(fakeFetch(boom).fetch).query(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect(((err as Error).cause as Error).cause).toBe(boom);
  });
});
