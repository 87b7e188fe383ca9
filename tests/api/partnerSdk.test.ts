/**
 * The partner SDK (@essc/sdk) against the running API, as the seeded sandbox channel
 * `demo-bank`: typed calls, the signature check's verdicts (valid; a wrong secret, a stale
 * clock, an unknown key: each says why, never the expected signature), an SM2 key registered
 * and used, and the sandbox pages (the Redoc reference and the signature check page) that
 * `npm start` serves.
 */
import { createEsscClient, dataOf, generateSm2KeyPair, sm2Key, type SigningKey } from '@essc/sdk';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_BANK } from '../../scripts/bank/defaults.js';
import { apiUrl } from './client.js';
import { documentedFetch } from './contract.js';

const docsUrl = () => inject('docsUrl');
const HMAC: SigningKey = { algorithm: 'HMAC-SHA256', keyId: DEMO_BANK.keyId, secret: DEMO_BANK.secret };
const bank = (key: SigningKey = HMAC, now?: () => number) => createEsscClient({ baseUrl: apiUrl(), signer: { channelId: DEMO_BANK.channelId, key }, now, fetch: documentedFetch });

describe('the SDK against the API', () => {
  it('typed calls: the keys (never a secret) and a launch ticket', async () => {
    const { keys } = dataOf(await bank().GET('/v1/partner/keys'));
    expect(keys.map((k) => k.keyId)).toContain(DEMO_BANK.keyId);
    expect(JSON.stringify(keys)).not.toContain(DEMO_BANK.secret);
    const launch = dataOf(await bank().POST('/v1/partner/launch-tickets', { body: { partnerUserId: 'sdk-api-user' } }));
    expect(new URL(launch.launchUrl).searchParams.get('ticket')).toBe(launch.ticket);
  });

  it('the signature check answers what essc verified', async () => {
    const answer = dataOf(await bank().POST('/v1/partner/signature-checks', { body: { hello: 'essc' } }));
    expect(answer).toMatchObject({ valid: true, channelId: 'demo-bank', keyId: DEMO_BANK.keyId });
    expect(answer.signedString!.split('\n').slice(0, 2)).toEqual(['POST', '/v1/partner/signature-checks']);
  });

  it('each refusal says why: a wrong secret (with the signed string), a stale clock (with the server time), an unknown key', async () => {
    const wrong = await bank({ ...HMAC, secret: `${DEMO_BANK.secret}-wrong` }).POST('/v1/partner/signature-checks', { body: {} });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error).toMatchObject({ code: 'bad_signature', keyId: DEMO_BANK.keyId, signedString: expect.stringContaining('/v1/partner/signature-checks') });
    expect(JSON.stringify(wrong.error)).not.toMatch(/expected|"signature"/i);

    const stale = await bank(HMAC, () => Date.now() - 3_600_000).POST('/v1/partner/signature-checks', { body: {} });
    expect(stale.response.status).toBe(401);
    expect(stale.error).toMatchObject({ code: 'stale_timestamp', serverTime: expect.any(String) });

    const unknown = await bank({ ...HMAC, keyId: 'no-such-key' }).POST('/v1/partner/signature-checks', { body: {} });
    expect(unknown.error).toMatchObject({ code: 'unknown_key' });
  });

  it('an SM2 key registered through the SDK signs (sm-crypto) and verifies; deleted, it is refused', async () => {
    const pair = generateSm2KeyPair();
    const made = dataOf(await bank().POST('/v1/partner/keys', { body: { algorithm: 'SM2-SM3', publicKey: pair.publicKey } }));
    expect(made).not.toHaveProperty('secret');
    try {
      const sm2 = sm2Key({ keyId: made.keyId, privateKey: pair.privateKey, publicKey: pair.publicKey });
      const answer = dataOf(await bank(sm2).POST('/v1/partner/signature-checks', { body: { sm2: true } }));
      expect(answer).toMatchObject({ valid: true, keyId: made.keyId });
      const forged = sm2Key({ keyId: made.keyId, privateKey: generateSm2KeyPair().privateKey });
      expect((await bank(forged).POST('/v1/partner/signature-checks', { body: {} })).error).toMatchObject({ code: 'bad_signature' });
    } finally {
      expect((await bank().DELETE('/v1/partner/keys/{keyId}', { params: { path: { keyId: made.keyId } } })).response.status).toBe(204);
    }
    expect((await bank(sm2Key({ keyId: made.keyId, privateKey: pair.privateKey })).GET('/v1/partner/keys')).error).toMatchObject({ code: 'unknown_key' });
  });
});

describe('the sandbox pages', () => {
  it('serve the API reference (Redoc, bundled) over the document the API serves', async () => {
    const page = await fetch(`${docsUrl()}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<redoc spec-url="/openapi.json">');
    const script = await fetch(`${docsUrl()}/redoc.standalone.js`);
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(500_000);
    const doc = (await (await fetch(`${docsUrl()}/openapi.json`)).json()) as { servers: { url: string }[]; paths: Record<string, unknown>; webhooks: Record<string, unknown> };
    expect(doc.servers[0]!.url).toBe(apiUrl());
    expect(doc.paths).toHaveProperty('/v1/partner/launch-tickets');
    expect(doc.webhooks).toHaveProperty(['card.claimed']);
  });

  it('the signature check page forwards pasted headers and says why they fail', async () => {
    const check = (body: unknown) => fetch(`${docsUrl()}/api/signature-check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ status: number; answer: Record<string, unknown> }>);
    const pasted = {
      headers: { 'X-Essc-Channel': 'demo-bank', 'X-Essc-Key-Id': DEMO_BANK.keyId, 'X-Essc-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Essc-Nonce': 'pasted-nonce-0001', 'X-Essc-Signature': 'AAAA' },
      body: '{"hello":"essc"}',
    };
    expect(await check(pasted)).toMatchObject({ status: 401, answer: { code: 'bad_signature', signedString: expect.stringContaining('pasted-nonce-0001') } });
    expect(await check({ ...pasted, headers: { ...pasted.headers, 'X-Essc-Signature': undefined } })).toMatchObject({ status: 401, answer: { code: 'missing_signature' } });
    const refused = await fetch(`${docsUrl()}/api/signature-check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
    expect(refused.status).toBe(400);
    // Another page's fetch (an opaque "null" origin or a foreign one) is refused, and the server stays up.
    for (const origin of ['null', 'https://evil.example']) {
      const foreign = await fetch(`${docsUrl()}/api/signature-check`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(pasted) });
      expect(foreign.status).toBe(403);
    }
    expect((await fetch(`${docsUrl()}/`)).status).toBe(200);
  });
});
