import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaceProviderError, type HttpFetch } from '../../../../functions/providers/face.js';
import { TencentFaceProvider, tc3Sign } from '../../../../functions/providers/tencent/face.js';
import { fakeFetch, json } from '../../support/fakeFetch.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/providers/${name}`, import.meta.url), 'utf8'));
const doc = load('tencent-tc3-example.json');
const fx = load('tencent-faceid.json');

describe('tc3Sign (TC3-HMAC-SHA256)', () => {
  it("reproduces Tencent's documented worked example byte for byte", () => {
    const s = tc3Sign({
      secretId: doc.secretId,
      secretKey: doc.secretKey,
      service: doc.service,
      timestamp: doc.timestamp,
      headers: { 'Content-Type': doc.contentType, Host: doc.host },
      signedHeaders: ['content-type', 'host'],
      payload: doc.payload,
    });
    expect(createHash('sha256').update(doc.payload).digest('hex')).toBe(doc.hashedRequestPayload);
    expect(s.canonicalRequest).toBe(doc.canonicalRequest);
    expect(createHash('sha256').update(s.canonicalRequest).digest('hex')).toBe(doc.hashedCanonicalRequest);
    expect(s.credentialScope).toBe('2019-02-25/cvm/tc3_request');
    expect(s.stringToSign).toBe(doc.stringToSign);
    expect(s.signature).toBe(doc.signature);
    expect(s.authorization).toBe(doc.authorization);
  });

  it('uses the UTC date of the timestamp (2019-02-26 00:44 in China is still 2019-02-25)', () => {
    const s = tc3Sign({
      secretId: 'id',
      secretKey: 'key',
      service: 'faceid',
      timestamp: 1551113065,
      headers: { 'content-type': 'application/json; charset=utf-8', host: 'faceid.tencentcloudapi.com' },
      payload: '{}',
    });
    expect(s.credentialScope).toBe('2019-02-25/faceid/tc3_request');
  });

  it('changes with the secret, the payload and every signed header', () => {
    const base = {
      secretId: doc.secretId,
      secretKey: doc.secretKey,
      service: doc.service,
      timestamp: doc.timestamp,
      headers: { 'content-type': doc.contentType, host: doc.host },
      payload: doc.payload,
    };
    expect(tc3Sign({ ...base, secretKey: 'other' }).signature).not.toBe(doc.signature);
    expect(tc3Sign({ ...base, payload: '{}' }).signature).not.toBe(doc.signature);
    expect(tc3Sign({ ...base, headers: { ...base.headers, host: 'cvm.ap-guangzhou.tencentcloudapi.com' } }).signature).not.toBe(doc.signature);
    expect(() => tc3Sign({ ...base, signedHeaders: ['content-type', 'host', 'x-tc-action'] })).toThrow(/x-tc-action/);
  });
});

/** An independent TC3 implementation (straight from the document's pseudocode) to check the adapter's header. */
function expectedAuthorization(opts: {
  secretId: string;
  secretKey: string;
  action: string;
  timestamp: number;
  payload: string;
}): string {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  const hmac = (k: string | Buffer, m: string) => createHmac('sha256', k).update(m, 'utf8').digest();
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:application/json; charset=utf-8\nhost:faceid.tencentcloudapi.com\nx-tc-action:${opts.action.toLowerCase()}\n`,
    'content-type;host;x-tc-action',
    sha(opts.payload),
  ].join('\n');
  const date = new Date(opts.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/faceid/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${opts.timestamp}\n${scope}\n${sha(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${opts.secretKey}`, date), 'faceid'), 'tc3_request');
  const sig = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${opts.secretId}/${scope}, SignedHeaders=content-type;host;x-tc-action, Signature=${sig}`;
}

const NOW = new Date('2025-01-15T08:30:00Z');
const TS = Math.floor(NOW.getTime() / 1000);
const creds = { secretId: 'AKIDtestSecretId0001', secretKey: 'testSecretKey0001' };

function provider(fetch: HttpFetch, extra: Record<string, string> = {}): TencentFaceProvider {
  return new TencentFaceProvider({ ...creds, ruleId: '1', fetch, now: () => NOW, ...extra });
}

describe('TencentFaceProvider.start (DetectAuth)', () => {
  const subject = { name: '韦小宝', idNumber: '11204416541220243X' };

  it('posts a TC3-signed DetectAuth with RuleId, IdCard, Name, RedirectUrl, Extra and hands off bizToken + url', async () => {
    const { fetch, calls } = fakeFetch(json(fx.detectAuth.responses.success));
    const started = await provider(fetch, { region: 'ap-guangzhou' }).start({
      outSeqNo: 'fv_0002',
      subject,
      returnUrl: 'https://essc.example.cn/face/return',
    });

    const call = calls[0]!;
    expect(call.url).toBe('https://faceid.tencentcloudapi.com/');
    expect(call.init.method).toBe('POST');
    const payload = String(call.init.body);
    expect(JSON.parse(payload)).toEqual({
      RuleId: '1',
      IdCard: '11204416541220243X',
      Name: '韦小宝',
      Extra: 'fv_0002',
      RedirectUrl: 'https://essc.example.cn/face/return',
    });
    expect(Object.keys(JSON.parse(payload)).sort()).toEqual(Object.keys(fx.detectAuth.request).sort());
    const headers = new Headers(call.init.headers);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('x-tc-action')).toBe('DetectAuth');
    expect(headers.get('x-tc-version')).toBe('2018-03-01');
    expect(headers.get('x-tc-timestamp')).toBe(String(TS));
    expect(headers.get('x-tc-region')).toBe('ap-guangzhou');
    expect(headers.get('authorization')).toBe(expectedAuthorization({ ...creds, action: 'DetectAuth', timestamp: TS, payload }));

    const res = fx.detectAuth.responses.success.Response;
    expect(started).toEqual({
      providerRef: res.BizToken,
      handoff: { bizToken: res.BizToken, url: res.Url },
      expiresAt: new Date(NOW.getTime() + 7200_000),
    });
  });

  it('sends no X-TC-Region unless configured and no RedirectUrl without a return URL', async () => {
    const { fetch, calls } = fakeFetch(json(fx.detectAuth.responses.success));
    await provider(fetch).start({ outSeqNo: 'fv_0002', subject });
    expect(new Headers(calls[0]!.init.headers).has('x-tc-region')).toBe(false);
    expect(JSON.parse(String(calls[0]!.init.body))).not.toHaveProperty('RedirectUrl');
  });

  it('throws a FaceProviderError with the error code, without personal data', async () => {
    const { fetch } = fakeFetch(json(fx.detectAuth.responses.ruleIdNotExist));
    const err = await provider(fetch).start({ outSeqNo: 'fv_0002', subject }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as FaceProviderError).provider).toBe('tencent');
    expect((err as Error).message).toContain('InvalidParameterValue.RuleIdNotExist');
    expect((err as Error).message).not.toContain(subject.name);
    expect((err as Error).message).not.toContain(subject.idNumber);
  });

  it('wraps network failures, 5xx and unparseable answers', async () => {
    const boom = new TypeError('fetch failed');
    const err = await provider(fakeFetch(boom).fetch).start({ outSeqNo: 'x', subject }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBe(boom);
    await expect(provider(fakeFetch(new Response('', { status: 500 })).fetch).start({ outSeqNo: 'x', subject })).rejects.toThrow(/HTTP 500/);
    await expect(provider(fakeFetch(new Response('<xml/>')).fetch).start({ outSeqNo: 'x', subject })).rejects.toThrow(/not JSON/);
    await expect(provider(fakeFetch(json({ foo: 1 })).fetch).start({ outSeqNo: 'x', subject })).rejects.toThrow(/no Response/);
  });
});

describe('TencentFaceProvider.query (GetDetectInfoEnhanced)', () => {
  const gd = fx.getDetectInfoEnhanced;
  const input = { providerRef: gd.request.BizToken, outSeqNo: 'fv_0003', subject: gd.subject };

  it('asks for the text result of the BizToken, signed, and passes on ErrCode 0 for the same person', async () => {
    const { fetch, calls } = fakeFetch(json(gd.responses.passed));
    expect(await provider(fetch).query(input)).toEqual({ status: 'passed' });
    const payload = String(calls[0]!.init.body);
    expect(JSON.parse(payload)).toEqual({ ...gd.request, RuleId: '1' });
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('x-tc-action')).toBe('GetDetectInfoEnhanced');
    expect(headers.get('authorization')).toBe(
      expectedAuthorization({ ...creds, action: 'GetDetectInfoEnhanced', timestamp: TS, payload }),
    );
  });

  it('does not pass when Tencent verified a different ID number', async () => {
    const { fetch } = fakeFetch(json(gd.responses.passed));
    const outcome = await provider(fetch).query({ ...input, subject: { ...gd.subject, idNumber: '440111111111111112' } });
    expect(outcome).toEqual({ status: 'failed', reason: 'mismatch (IdCard)' });
  });

  it('does not pass a result carrying another verification id in Extra', async () => {
    const body = structuredClone(gd.responses.passed);
    body.Response.Text.Extra = 'fv_other';
    const { fetch } = fakeFetch(json(body));
    expect(await provider(fetch).query(input)).toEqual({ status: 'failed', reason: 'mismatch (Extra)' });
  });

  it('fails with the ErrCode when the check did not pass', async () => {
    const { fetch } = fakeFetch(json(gd.responses.livenessFailed));
    expect(await provider(fetch).query(input)).toEqual({ status: 'failed', reason: 'not_passed (ErrCode 1005)' });
  });

  it('is pending while ErrCode is null', async () => {
    const { fetch } = fakeFetch(json(gd.responses.pending));
    expect(await provider(fetch).query(input)).toEqual({ status: 'pending' });
  });

  it('fails as expired on BizTokenExpired', async () => {
    const { fetch } = fakeFetch(json(gd.responses.bizTokenExpired));
    expect(await provider(fetch).query(input)).toEqual({
      status: 'failed',
      reason: 'expired (InvalidParameterValue.BizTokenExpired)',
    });
  });

  it('throws on other provider errors, 5xx and network failures', async () => {
    await expect(provider(fakeFetch(json(gd.responses.unknownFailure)).fetch).query(input)).rejects.toThrow(
      /FailedOperation.UnKnown/,
    );
    await expect(provider(fakeFetch(new Response('', { status: 502 })).fetch).query(input)).rejects.toBeInstanceOf(
      FaceProviderError,
    );
    const boom = new Error('socket hang up');
    const err = await provider(fakeFetch(boom).fetch).query(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBe(boom);
  });
});
