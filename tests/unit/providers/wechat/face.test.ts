import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaceProviderError, type HttpFetch } from '../../../../functions/providers/face.js';
import { WechatFaceProvider, wechatCertHash } from '../../../../functions/providers/wechat/face.js';
import { fakeFetch, json } from '../../support/fakeFetch.js';

const fx = JSON.parse(
  readFileSync(new URL('../../../fixtures/providers/wechat-face.json', import.meta.url), 'utf8'),
);

/** A fetch that records each request and replays the given answers in order. */

const NOW = new Date('2025-03-01T02:00:00Z');
const subject = { name: '李四', idNumber: '320102199001011234' };
const ACCESS_TOKEN = 'AT/with+chars';

function provider(fetch: HttpFetch, getAccessToken = async () => ACCESS_TOKEN): WechatFaceProvider {
  return new WechatFaceProvider({ getAccessToken, fetch, now: () => NOW });
}

function expectNoPersonalData(err: unknown): void {
  const text = `${(err as Error).message} ${String((err as Error).stack)}`;
  expect(text).not.toContain(subject.name);
  expect(text).not.toContain(subject.idNumber);
  expect(text).not.toContain(ACCESS_TOKEN);
}

describe('wechatCertHash', () => {
  it('reproduces the worked example in the WeChat documentation', () => {
    const ex = fx.certHashExample;
    expect(wechatCertHash({ name: ex.cert_info.cert_name, idNumber: ex.cert_info.cert_no })).toBe(ex.cert_hash);
    // and that example really is SHA-256 of the documented base64 string
    expect(createHash('sha256').update(ex.hashInput).digest('hex')).toBe(ex.cert_hash);
  });

  it('depends on every field', () => {
    const base = wechatCertHash(subject);
    expect(wechatCertHash({ ...subject, name: '李五' })).not.toBe(base);
    expect(wechatCertHash({ ...subject, idNumber: '320102199001011235' })).not.toBe(base);
    expect(wechatCertHash(subject, 'PASSPORT')).not.toBe(base);
  });
});

describe('WechatFaceProvider.start (getverifyid)', () => {
  it('posts the documented body to getverifyid with the access token and hands off the verify_id', async () => {
    const { fetch, calls } = fakeFetch(json(fx.getverifyid.responses.success));
    const started = await provider(fetch).start({ outSeqNo: 'fv_0001', subject, openid: 'o-user-1' });

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(
      'https://api.weixin.qq.com/cityservice/face/identify/getverifyid?access_token=AT%2Fwith%2Bchars',
    );
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      out_seq_no: 'fv_0001',
      cert_info: { cert_type: 'IDENTITY_CARD', cert_name: '李四', cert_no: '320102199001011234' },
      openid: 'o-user-1',
    });
    expect(Object.keys(fx.getverifyid.request).sort()).toEqual(['cert_info', 'openid', 'out_seq_no']);

    expect(started.providerRef).toBe(fx.getverifyid.responses.success.verify_id);
    expect(started.handoff).toEqual({ verifyId: fx.getverifyid.responses.success.verify_id });
    expect(started.expiresAt.toISOString()).toBe(new Date(NOW.getTime() + 1800_000).toISOString());
  });

  it('defaults the validity to one hour when expires_in is absent', async () => {
    const { fetch } = fakeFetch(json(fx.getverifyid.responses.successDefaultExpiry));
    const started = await provider(fetch).start({ outSeqNo: 'fv_0001', subject, openid: 'o-user-1' });
    expect(started.expiresAt.getTime() - NOW.getTime()).toBe(3600_000);
  });

  it('refuses to start without an openid, before any request', async () => {
    const { fetch, calls } = fakeFetch();
    await expect(provider(fetch).start({ outSeqNo: 'fv_0001', subject })).rejects.toBeInstanceOf(FaceProviderError);
    expect(calls).toHaveLength(0);
  });

  it('throws a FaceProviderError without personal data on an errcode', async () => {
    const { fetch } = fakeFetch(json(fx.getverifyid.responses.invalidAccessToken));
    const err = await provider(fetch)
      .start({ outSeqNo: 'fv_0001', subject, openid: 'o-user-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as FaceProviderError).provider).toBe('wechat');
    expect((err as Error).message).toContain('40001');
    expectNoPersonalData(err);
  });

  it('wraps a network failure with its cause', async () => {
    const boom = new TypeError('fetch failed');
    const { fetch } = fakeFetch(boom);
    const err = await provider(fetch)
      .start({ outSeqNo: 'fv_0001', subject, openid: 'o-user-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBe(boom);
    expectNoPersonalData(err);
  });

  it('treats a 5xx and an unparseable body as provider errors', async () => {
    const a = fakeFetch(new Response('bad gateway', { status: 502 }));
    await expect(provider(a.fetch).start({ outSeqNo: 'x1', subject, openid: 'o' })).rejects.toThrow(/HTTP 502/);
    const b = fakeFetch(new Response('<html>not json</html>', { status: 200 }));
    const err = await provider(b.fetch).start({ outSeqNo: 'x1', subject, openid: 'o' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it('reports an access_token that cannot be had', async () => {
    const cause = new Error('token store down');
    const { fetch, calls } = fakeFetch();
    const err = await provider(fetch, async () => {
      throw cause;
    })
      .start({ outSeqNo: 'x1', subject, openid: 'o' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBe(cause);
    expect(calls).toHaveLength(0);
  });
});

describe('WechatFaceProvider.query (queryverifyinfo)', () => {
  const input = { providerRef: 'verify-123', outSeqNo: 'fv_0001', subject, openid: 'o-user-1' };

  it('sends verify_id, out_seq_no, openid and the cert_hash of the same cert_info, and passes on 10000', async () => {
    const { fetch, calls } = fakeFetch(json(fx.queryverifyinfo.responses.passed));
    const outcome = await provider(fetch).query(input);
    expect(outcome).toEqual({ status: 'passed' });

    expect(calls[0]!.url).toBe(
      'https://api.weixin.qq.com/cityservice/face/identify/queryverifyinfo?access_token=AT%2Fwith%2Bchars',
    );
    expect(calls[0]!.init.method).toBe('POST');
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const expectedHash = createHash('sha256')
      .update(`cert_type=${b64('IDENTITY_CARD')}&cert_name=${b64('李四')}&cert_no=${b64('320102199001011234')}`)
      .digest('hex');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      verify_id: 'verify-123',
      out_seq_no: 'fv_0001',
      cert_hash: expectedHash,
      openid: 'o-user-1',
    });
    expect(Object.keys(fx.queryverifyinfo.request).sort()).toEqual(['cert_hash', 'openid', 'out_seq_no', 'verify_id']);
  });

  it('maps a face mismatch to failed with the code', async () => {
    const { fetch } = fakeFetch(json(fx.queryverifyinfo.responses.faceMismatch));
    const outcome = await provider(fetch).query(input);
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toBe('face_mismatch (verify_ret 10004)');
  });

  it('maps a user cancel to failed / cancelled', async () => {
    const { fetch } = fakeFetch(json(fx.queryverifyinfo.responses.userCancelled));
    expect(await provider(fetch).query(input)).toEqual({ status: 'failed', reason: 'cancelled (verify_ret 90004)' });
  });

  it('maps an unknown verify_ret to failed, never passed', async () => {
    const { fetch } = fakeFetch(json({ errcode: 0, errmsg: 'ok', verify_ret: 12345 }));
    expect(await provider(fetch).query(input)).toEqual({ status: 'failed', reason: 'not_passed (verify_ret 12345)' });
  });

  it('is pending while there is no verify_ret yet', async () => {
    const { fetch } = fakeFetch(json(fx.queryverifyinfo.responses.pending));
    expect(await provider(fetch).query(input)).toEqual({ status: 'pending' });
  });

  it('never passes when errcode is not 0, even with verify_ret 10000', async () => {
    const { fetch } = fakeFetch(json({ errcode: 40001, errmsg: 'invalid credential', verify_ret: 10000 }));
    const err = await provider(fetch).query(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expectNoPersonalData(err);
  });

  it('throws on a provider error answer', async () => {
    const { fetch } = fakeFetch(json(fx.queryverifyinfo.responses.providerError));
    await expect(provider(fetch).query(input)).rejects.toThrow(/errcode 40001/);
  });

  it('wraps a network failure with its cause', async () => {
    const boom = new Error('ECONNRESET');
    const { fetch } = fakeFetch(boom);
    const err = await provider(fetch).query(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBe(boom);
  });

  it('throws on a 5xx', async () => {
    const { fetch } = fakeFetch(new Response('', { status: 503 }));
    await expect(provider(fetch).query(input)).rejects.toBeInstanceOf(FaceProviderError);
  });
});
