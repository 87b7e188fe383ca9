/**
 * The partner SDK (sdk/) against essc's own verification: what the SDK signs, the server's
 * rules accept (HMAC and SM2, any method, path, query and body); the signing middleware signs
 * the bytes openapi-fetch sends; webhook verification takes what essc delivers and refuses
 * anything else.
 */
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createEsscClient, dataOf, EsscProblemError, generateSm2KeyPair, launchCard, signatureHeaders, sm2Key, verifyWebhook, WebhookVerificationError } from '@essc/sdk';
import { verifySignature, canonicalString, signedPathWithQuery } from '../../../functions/core/signing/signature.rules.js';
import { verifySm2 } from '../../../functions/core/signing/sm2.js';

const NOW = 1_790_000_000;
const SECRET = 'essc_test_unit-secret';

/** The parts the server rebuilds from a request the SDK signed. */
function serverParts(headers: Record<string, string>, method: string, url: string, body?: string) {
  const u = new URL(url);
  return { method, pathWithQuery: signedPathWithQuery(u.pathname, u.search.slice(1)), timestamp: headers['x-essc-timestamp']!, nonce: headers['x-essc-nonce']!, body };
}

const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && !s.includes('%'));
const query = fc.option(fc.stringMatching(/^[a-z]{1,5}=[A-Za-z0-9%-]{0,10}(&[a-z]{1,5}=[0-9]{0,4})?$/), { nil: undefined });

describe('request signing', () => {
  it('an HMAC signature the SDK makes is one the server accepts, for any path, query and body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE'), fc.array(segment, { minLength: 1, maxLength: 4 }), query, fc.option(fc.json(), { nil: undefined }), async (method, segs, q, body) => {
        const url = `http://api.test/${segs.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
        const headers = await signatureHeaders({ channelId: 'bank', key: { algorithm: 'HMAC-SHA256', keyId: 'k1', secret: SECRET } }, { method, url, body, timestamp: NOW });
        expect(headers['x-essc-channel']).toBe('bank');
        expect(headers['x-essc-key-id']).toBe('k1');
        expect(verifySignature(SECRET, serverParts(headers, method, url, body), headers['x-essc-signature'], NOW)).toEqual({ ok: true });
        expect(verifySignature(`${SECRET}x`, serverParts(headers, method, url, body), headers['x-essc-signature'], NOW)).toEqual({ ok: false, reason: 'bad_signature' });
      }),
      { numRuns: 60 },
    );
  });

  it("an SM2 signature the SDK makes (sm-crypto) verifies with the server's SM2 (@noble/curves), and a changed body does not", async () => {
    const pair = generateSm2KeyPair();
    const key = sm2Key({ keyId: 'sm2-1', privateKey: pair.privateKey });
    const url = 'http://api.test/v1/partner/launch-tickets';
    const body = JSON.stringify({ partnerUserId: 'u-1' });
    const headers = await signatureHeaders({ channelId: 'bank', key }, { method: 'POST', url, body, timestamp: NOW });
    const message = canonicalString(serverParts(headers, 'POST', url, body));
    expect(verifySm2(pair.publicKey, message, headers['x-essc-signature']!)).toBe(true);
    expect(verifySm2(pair.publicKey, canonicalString(serverParts(headers, 'POST', url, `${body} `)), headers['x-essc-signature']!)).toBe(false);
  });

  it('an institution signs with X-Essc-Institution, and a fresh nonce every time', async () => {
    const signer = { institutionId: 'demo-pharmacy', key: { algorithm: 'HMAC-SHA256' as const, secret: SECRET } };
    const a = await signatureHeaders(signer, { method: 'GET', url: 'http://api.test/v1/terminal/reconciliation?date=2026-12-01' });
    const b = await signatureHeaders(signer, { method: 'GET', url: 'http://api.test/v1/terminal/reconciliation?date=2026-12-01' });
    expect(a['x-essc-institution']).toBe('demo-pharmacy');
    expect(a).not.toHaveProperty('x-essc-key-id');
    expect(a['x-essc-nonce']).not.toBe(b['x-essc-nonce']);
  });

  it('refuses an SM2 private key that is not 64 hex digits', () => {
    expect(() => sm2Key({ privateKey: 'abc' })).toThrow(TypeError);
  });
});

describe('the typed client', () => {
  function recording(answer: { status: number; body: unknown; type?: string }) {
    const seen: Request[] = [];
    const fetch = async (input: Request | string | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      seen.push(request.clone());
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': answer.type ?? 'application/json' } });
    };
    return { seen, fetch: fetch as typeof globalThis.fetch };
  }

  it('signs the exact bytes it sends, under a base path too', async () => {
    const { seen, fetch } = recording({ status: 201, body: { ticket: 't', launchUrl: 'http://h5.test/?ticket=t', expiresAt: '2026-12-02T00:05:00.000Z' } });
    const essc = createEsscClient({ baseUrl: 'http://api.test/prefix/', signer: { channelId: 'bank', key: { algorithm: 'HMAC-SHA256', keyId: 'k1', secret: SECRET } }, fetch, now: () => NOW * 1000 });
    const launch = await launchCard(essc, 'user 1'.replace(' ', '-'));
    expect(launch.ticket).toBe('t');
    const sent = seen[0]!;
    expect(new URL(sent.url).pathname).toBe('/prefix/v1/partner/launch-tickets');
    const body = await sent.text();
    expect(JSON.parse(body)).toEqual({ partnerUserId: 'user-1' });
    const headers: Record<string, string> = {};
    sent.headers.forEach((value, name) => (headers[name] = value));
    expect(verifySignature(SECRET, serverParts(headers, 'POST', sent.url, body), headers['x-essc-signature'], NOW)).toEqual({ ok: true });
  });

  it('a problem answer is the error, and launchCard throws it as an EsscProblemError', async () => {
    const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'The timestamp is too far from the server clock', code: 'stale_timestamp', serverTime: NOW };
    const { fetch } = recording({ status: 401, body: problem, type: 'application/problem+json' });
    const essc = createEsscClient({ baseUrl: 'http://api.test', signer: { channelId: 'bank', key: { algorithm: 'HMAC-SHA256', secret: SECRET } }, fetch });
    const answer = await essc.GET('/v1/partner/keys');
    expect(answer.error).toMatchObject({ code: 'stale_timestamp' });
    expect(() => dataOf(answer)).toThrow(EsscProblemError);
    await expect(launchCard(essc, 'u-1')).rejects.toMatchObject({ status: 401, problem: { code: 'stale_timestamp', serverTime: NOW } });
  });

  it('needs a base URL, a signer id and a secret', () => {
    const key = { algorithm: 'HMAC-SHA256' as const, secret: SECRET };
    expect(() => createEsscClient({ baseUrl: '', signer: { channelId: 'bank', key } })).toThrow(TypeError);
    expect(() => createEsscClient({ baseUrl: 'http://api.test', signer: { channelId: '', key } })).toThrow(TypeError);
    expect(() => createEsscClient({ baseUrl: 'http://api.test', signer: { channelId: 'bank', key: { ...key, secret: '' } } })).toThrow(TypeError);
  });
});

describe('webhook verification', () => {
  const secretA = `whsec_${Buffer.from('a'.repeat(24)).toString('base64')}`;
  const secretB = `whsec_${Buffer.from('b'.repeat(24)).toString('base64')}`;
  const body = JSON.stringify({ type: 'card.claimed', timestamp: new Date().toISOString(), data: { holderRef: 'hr_x', partnerUserId: 'u-1', cardStatus: 'normal' } });

  function delivered(secrets: string[], at = new Date()) {
    const id = 'msg_1';
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' '),
    };
  }

  it('answers the event of a genuine delivery, from a Headers object or a record in any case', () => {
    const headers = delivered([secretA]);
    expect(verifyWebhook(body, headers, secretA)).toMatchObject({ id: 'msg_1', event: { type: 'card.claimed', data: { holderRef: 'hr_x' } } });
    expect(verifyWebhook(Buffer.from(body), new Headers(headers), secretA).event.type).toBe('card.claimed');
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(body, upper, secretA).id).toBe('msg_1');
  });

  it('during a rotation (both signatures sent) the old secret and the new one both verify', () => {
    const headers = delivered([secretA, secretB]);
    expect(verifyWebhook(body, headers, secretA).id).toBe('msg_1');
    expect(verifyWebhook(body, headers, [secretB]).id).toBe('msg_1');
  });

  it('refuses another secret, a changed body, an old timestamp and no secret', () => {
    const headers = delivered([secretA]);
    expect(() => verifyWebhook(body, headers, secretB)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body.replace('u-1', 'u-2'), headers, secretA)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, delivered([secretA], new Date(Date.now() - 600_000)), secretA)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, headers, [])).toThrow(TypeError);
  });
});
