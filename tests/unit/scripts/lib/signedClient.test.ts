/**
 * The shared signer of the local simulators (scripts/lib/signedClient.ts): the terminal
 * simulator signs as an institution (X-Essc-Institution), the demo portal as a channel
 * (X-Essc-Channel), both exactly as functions/core/signing/signature.rules.ts verifies.
 */
import { describe, expect, it } from 'vitest';
import { recordingFetch, type Sent } from '../../support/fakeFetch.js';
import { NONCE_PATTERN, verifySignature } from '../../../../functions/core/signing/signature.rules.js';
import {
  SignedClient,
  SignedRequestNetworkError,
  sdkSigner,
  type SignerCredentials,
} from '../../../../scripts/lib/signedClient.js';

const SECRET = 'unit-test-secret-0123456789';
const NOW_MS = Date.parse('2026-11-23T07:30:00Z');
const INSTITUTION: SignerCredentials = { header: 'x-essc-institution', id: 'pharmacy-1', secret: SECRET };
const PORTAL: SignerCredentials = { header: 'x-essc-channel', id: 'portal-1', secret: SECRET };

function client(fetch: typeof globalThis.fetch, signer: SignerCredentials = INSTITUTION, apiUrl = 'http://api.test:3000') {
  return new SignedClient({ apiUrl, signer, fetch, now: () => NOW_MS });
}

/** Checks a recorded request's signature over exactly what was sent, and over nothing else. */
function expectSigned(s: Sent, signer: SignerCredentials = INSTITUTION) {
  const timestamp = s.headers.get('x-essc-timestamp')!;
  const nonce = s.headers.get('x-essc-nonce')!;
  const signature = s.headers.get('x-essc-signature')!;
  expect(s.headers.get(signer.header)).toBe(signer.id);
  expect(timestamp).toBe(String(Math.floor(NOW_MS / 1000)));
  expect(nonce).toMatch(NONCE_PATTERN);
  expect(Buffer.from(nonce, 'base64url')).toHaveLength(16);
  const parts = { method: s.method, pathWithQuery: s.url.pathname + s.url.search, timestamp, nonce, body: s.body };
  expect(verifySignature(SECRET, parts, signature, NOW_MS / 1000)).toEqual({ ok: true });
  expect(verifySignature('another-secret', parts, signature, NOW_MS / 1000).ok).toBe(false);
  expect(verifySignature(SECRET, { ...parts, pathWithQuery: parts.pathWithQuery + 'x' }, signature, NOW_MS / 1000).ok).toBe(false);
  expect(verifySignature(SECRET, { ...parts, body: Buffer.concat([s.body ?? Buffer.alloc(0), Buffer.from(' ')]) }, signature, NOW_MS / 1000).ok).toBe(false);
}

describe('sdkSigner', () => {
  it('names the signer in its own header: an institution or a portal channel, never both', () => {
    expect(sdkSigner(PORTAL)).toEqual({ channelId: 'portal-1', key: { algorithm: 'HMAC-SHA256', secret: SECRET } });
    expect(sdkSigner({ ...INSTITUTION, keyId: 'k-1' })).toEqual({ institutionId: INSTITUTION.id, key: { algorithm: 'HMAC-SHA256', secret: SECRET, keyId: 'k-1' } });
  });
});

describe('SignedClient', () => {
  it('signs as a portal channel over the exact method, path and JSON body it sends', async () => {
    const { fetch, sent } = recordingFetch();
    const c = client(fetch, PORTAL);
    await c.request('POST', '/v1/portal/login-requests', { body: { scope: 'openid profile', nonce: 'n-0123456789' } });
    await c.request('GET', '/v1/portal/login-requests/lr_abc');
    for (const s of sent) expectSigned(s, PORTAL);
    expect(sent[0]!.headers.get('x-essc-institution')).toBeNull();
    expect(sent[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(Buffer.from(sent[0]!.body!).toString('utf8'))).toEqual({ scope: 'openid profile', nonce: 'n-0123456789' });
    expect(sent[1]!.body).toBeUndefined();
    expect(sent[1]!.headers.get('content-type')).toBeNull();
  });

  it('uses a fresh nonce for every request', async () => {
    const { fetch, sent } = recordingFetch();
    const c = client(fetch);
    for (let i = 0; i < 20; i++) await c.request('GET', '/v1/terminal/reconciliation?date=2026-11-23');
    await c.request('POST', '/v1/terminal/settlements/st_1/settle', { headers: { 'idempotency-key': 'same-key-000001' } });
    await c.request('POST', '/v1/terminal/settlements/st_1/settle', { headers: { 'idempotency-key': 'same-key-000001' } });
    const nonces = sent.map((s) => s.headers.get('x-essc-nonce'));
    expect(new Set(nonces).size).toBe(sent.length);
    // The same request twice is signed differently (the nonce), so a retry is never a replay.
    expect(sent.at(-1)!.headers.get('x-essc-signature')).not.toBe(sent.at(-2)!.headers.get('x-essc-signature'));
    expect(sent.at(-1)!.headers.get('idempotency-key')).toBe('same-key-000001');
  });

  it('signs the full path when the API sits under a prefix', async () => {
    const { fetch, sent } = recordingFetch();
    await client(fetch, PORTAL, 'https://gw.example.com/essc/').request('GET', '/v1/portal/login-requests/lr_1?x=1');
    expect(sent[0]!.url.pathname + sent[0]!.url.search).toBe('/essc/v1/portal/login-requests/lr_1?x=1');
    expectSigned(sent[0]!, PORTAL);
  });

  it('signs non-ASCII bodies over their UTF-8 bytes', async () => {
    const { fetch, sent } = recordingFetch();
    await client(fetch).request('POST', '/v1/terminal/settlements', {
      body: { items: [{ code: 'X1', name: '六味地黄丸（浓缩丸）😀', class: 'B', quantity: 1, unitPrice: 2990 }] },
    });
    expectSigned(sent[0]!);
    expect(JSON.parse(Buffer.from(sent[0]!.body!).toString('utf8')).items[0].name).toBe('六味地黄丸（浓缩丸）😀');
  });

  it('answers 4xx and 5xx with {status, body} instead of throwing', async () => {
    const problem = { type: 'https://essc.dev/problems/not_confirmed', title: 'Conflict', status: 409, detail: '参保人尚未确认支付。', code: 'not_confirmed' };
    const { fetch } = recordingFetch((s) =>
      s.url.pathname.endsWith('/settle') ? { status: 409, body: problem } : s.method === 'GET' ? { status: 502, raw: 'Bad Gateway' } : { status: 401, raw: '' },
    );
    const c = client(fetch);
    await expect(c.request('POST', '/v1/terminal/settlements/st_1/settle')).resolves.toEqual({ status: 409, body: problem });
    await expect(c.request('GET', '/v1/terminal/reconciliation?date=2026-11-23')).resolves.toEqual({ status: 502, body: { text: 'Bad Gateway' } });
    await expect(c.request('POST', '/v1/terminal/settlements/st_1/cancel')).resolves.toEqual({ status: 401, body: {} });
  });

  it('throws a SignedRequestNetworkError only when there is no answer', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(client(down).request('GET', '/v1/health')).rejects.toMatchObject({ name: 'SignedRequestNetworkError', code: 'api_unreachable' });

    const slow = ((input: Request) =>
      new Promise((_resolve, reject) => input.signal.addEventListener('abort', () => reject(input.signal.reason)))) as unknown as typeof globalThis.fetch;
    const c = new SignedClient({ apiUrl: 'http://api.test', signer: PORTAL, fetch: slow, timeoutMs: 20 });
    const err = await c.request('GET', '/v1/portal/login-requests/lr_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignedRequestNetworkError);
    expect((err as SignedRequestNetworkError).code).toBe('api_timeout');
  });

  it('refuses to start without a signer id or secret', () => {
    expect(() => new SignedClient({ apiUrl: 'http://api.test', signer: { ...PORTAL, id: '' } })).toThrow(TypeError);
    expect(() => new SignedClient({ apiUrl: 'http://api.test', signer: { ...PORTAL, secret: '' } })).toThrow(TypeError);
    expect(() => new SignedClient({ apiUrl: '', signer: PORTAL })).toThrow(TypeError);
  });
});
