/**
 * The demo portal's server (scripts/portal/server.ts) against a stand-in for essc: a local
 * HTTP server that checks every X-Essc-Channel signature, answers the portal login routes,
 * and publishes a discovery document and an ES256 JWKS whose key signs the test's tokens.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NONCE_PATTERN } from '../../../../functions/core/signing/signature.rules.js';
import { startDemoPortal, type DemoPortal } from '../../../../scripts/portal/server.js';
import { BAD_SIGNATURE, startSignedApiStub, type Received, type SignedApiStub } from '../../support/signedApiStub.js';

const SECRET = 'portal-secret-for-the-server-test';
const CHANNEL = 'test-portal';
const KID = 'test-key-1';

let received: Received[] = [];
/** essc's answer to GET /v1/portal/login-requests/{id}, by id. */
let states: Map<string, { status: number; body: unknown }>;
let createReply: ((r: Received) => { status: number; body: unknown }) | undefined;
let counter = 0;
let essc: SignedApiStub;
let apiUrl: string;
let portal: DemoPortal;
let signingKey: CryptoKey;
let forgeryKey: CryptoKey;

function newId(): string {
  counter += 1;
  return `lr_${String(counter).padStart(20, '0')}`;
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  forgeryKey = (await generateKeyPair('ES256')).privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };

  const json = (status: number, body: unknown) => ({ status, body });
  essc = await startSignedApiStub(SECRET, (r) => {
    if (r.pathWithQuery === '/.well-known/openid-configuration') return json(200, { issuer: apiUrl, jwks_uri: `${apiUrl}/.well-known/jwks.json` });
    if (r.pathWithQuery === '/.well-known/jwks.json') return json(200, { keys: [publicJwk] });
    received.push(r);
    if (!r.signature.ok || r.headers['x-essc-channel'] !== CHANNEL) return BAD_SIGNATURE;
    if (r.method === 'POST' && r.pathWithQuery === '/v1/portal/login-requests') {
      if (createReply) return createReply(r);
      const id = newId();
      states.set(id, { status: 200, body: { status: 'pending' } });
      return json(201, { id, qrContent: `essc://login?r=${id}`, expiresAt: new Date(Date.now() + 120_000).toISOString() });
    }
    const m = /^\/v1\/portal\/login-requests\/([^/?]+)$/.exec(r.pathWithQuery);
    if (r.method === 'GET' && m) {
      const state = states.get(decodeURIComponent(m[1]!));
      return state ? json(state.status, state.body) : json(404, { status: 404, code: 'login_request_not_found', detail: 'no' });
    }
    return json(404, { status: 404, code: 'not_found', detail: r.pathWithQuery });
  });
  apiUrl = essc.url;
  portal = await startDemoPortal({ host: '127.0.0.1', port: 0, apiUrl, channelId: CHANNEL, secret: SECRET });
});

afterAll(async () => {
  await portal?.close();
  await essc?.close();
});

beforeEach(() => {
  received = [];
  states = new Map();
  createReply = undefined;
});

interface TokenOptions {
  nonce?: string;
  aud?: string;
  iss?: string;
  key?: CryptoKey;
  kid?: string;
  expiresIn?: number;
  claims?: Record<string, unknown>;
}

async function idToken(o: TokenOptions = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ acr: '1', name: '张*', ...o.claims, ...(o.nonce !== undefined ? { nonce: o.nonce } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? KID, typ: 'JWT' })
    .setIssuer(o.iss ?? apiUrl)
    .setAudience(o.aud ?? CHANNEL)
    .setSubject('pairwise-subject-1')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (o.expiresIn ?? 300))
    .sign(o.key ?? signingKey);
}

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(portal.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const callback = (fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded') =>
  fetch(portal.url + '/callback', { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(fields).toString() });

const status = async (id: string) => {
  const res = await fetch(`${portal.url}/api/login-requests/${encodeURIComponent(id)}`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** Starts a login through the portal; returns its id and the nonce the portal sent essc. */
async function startLogin(scope?: string): Promise<{ id: string; nonce: string; answer: Record<string, any> }> {
  const res = await postJson('/api/login-requests', scope === undefined ? {} : { scope });
  expect(res.status).toBe(201);
  const answer = (await res.json()) as Record<string, any>;
  const sent = JSON.parse(received.at(-1)!.body.toString('utf8'));
  return { id: answer.id, nonce: sent.nonce, answer };
}

describe('demo portal page', () => {
  it('serves the page with its ids and a per-response script nonce, without the secret', async () => {
    expect(portal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(portal.redirectUri).toBe(`${portal.url}/callback`);
    const res = await fetch(portal.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>演示政务服务网</title>');
    for (const id of [
      'portal-login',
      'portal-scope',
      'portal-qr',
      'portal-qr-content',
      'portal-countdown',
      'portal-status',
      'portal-user',
      'portal-user-name',
      'portal-user-sub',
      'portal-user-acr',
      'portal-verified',
      'portal-via',
      'portal-retry',
    ]) {
      expect(html, id).toContain(`id="${id}"`);
    }
    expect(html).toContain('<option value="openid profile">');
    expect(html).toContain('<option value="openid profile idcard">');
    expect(html).toContain('ID Token 签名已通过 JWKS 验证');
    expect(html).not.toContain(SECRET);
    expect(html).not.toMatch(/\{\{[A-Z_]+\}\}/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html).toContain(`<script nonce="${nonce}">`);
  });
});

describe('creating a login request', () => {
  it('signs as the portal channel, sends its own callback URL and a fresh nonce, and answers with an SVG QR code', async () => {
    const { answer, nonce } = await startLogin();
    const r = received.at(-1)!;
    expect(r.signature).toEqual({ ok: true });
    expect(r.method).toBe('POST');
    expect(r.pathWithQuery).toBe('/v1/portal/login-requests');
    expect(r.headers['x-essc-channel']).toBe(CHANNEL);
    expect(r.headers['x-essc-institution']).toBeUndefined();
    const sent = JSON.parse(r.body.toString('utf8'));
    expect(sent).toEqual({ scope: 'openid profile', redirectUri: `${portal.url}/callback`, nonce });
    expect(nonce).toMatch(NONCE_PATTERN);

    expect(answer).toMatchObject({ id: expect.stringMatching(/^lr_/), qrContent: `essc://login?r=${answer.id}`, scope: 'openid profile' });
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());
    expect(answer.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(answer.qrSvg).not.toMatch(/<script/i);

    const second = await startLogin('openid profile idcard');
    expect(second.nonce).not.toBe(nonce);
    expect(JSON.parse(received.at(-1)!.body.toString('utf8')).scope).toBe('openid profile idcard');
  });

  it("relays essc's refusal as it came", async () => {
    const refusal = { type: 'x', title: 'Bad Request', status: 400, detail: 'Invalid scope: unknown scope: email.', code: 'invalid_scope' };
    createReply = () => ({ status: 400, body: refusal });
    const res = await postJson('/api/login-requests', { scope: 'openid email' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(refusal);
  });

  it('refuses a cross-origin POST, a non-JSON body and a non-string scope without calling essc', async () => {
    expect((await postJson('/api/login-requests', {}, { origin: 'http://evil.example' })).status).toBe(403);
    const text = await fetch(portal.url + '/api/login-requests', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
    expect((await postJson('/api/login-requests', { scope: 42 })).status).toBe(400);
    expect(received).toHaveLength(0);
  });
});

describe('polling', () => {
  it('answers pending and expired as essc says, signing each GET', async () => {
    const { id } = await startLogin();
    expect(await status(id)).toEqual({ status: 200, body: { status: 'pending' } });
    states.set(id, { status: 200, body: { status: 'expired' } });
    expect(await status(id)).toEqual({ status: 200, body: { status: 'expired' } });
    const gets = received.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.pathWithQuery)).toEqual([`/v1/portal/login-requests/${id}`, `/v1/portal/login-requests/${id}`]);
    for (const r of gets) expect(r.signature).toEqual({ ok: true });
  });

  it('verifies the ID token of a confirmed request and shows its claims (via polling)', async () => {
    const { id, nonce } = await startLogin();
    states.set(id, { status: 200, body: { status: 'confirmed', idToken: await idToken({ nonce }) } });
    const res = await status(id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'confirmed',
      via: 'polling',
      verified: true,
      claims: { sub: 'pairwise-subject-1', name: '张*', acr: '1', iss: apiUrl, aud: CHANNEL, iat: expect.any(Number), exp: expect.any(Number) },
    });
    // Kept: essc is not asked again.
    const before = received.length;
    expect((await status(id)).body.via).toBe('polling');
    expect(received.length).toBe(before);
  });

  it('refuses a confirmed request whose token carries another nonce, and keeps nothing', async () => {
    const { id } = await startLogin();
    states.set(id, { status: 200, body: { status: 'confirmed', idToken: await idToken({ nonce: 'some-other-nonce-123' }) } });
    const res = await status(id);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'id_token_invalid' });
    expect(JSON.stringify(res.body)).toContain('nonce_mismatch');
    states.set(id, { status: 200, body: { status: 'pending' } });
    expect((await status(id)).body).toEqual({ status: 'pending' });
  });

  it('answers 404 for a login request this portal did not make, without asking essc', async () => {
    expect((await status('lr_00000000000000000999')).status).toBe(404);
    expect(received).toHaveLength(0);
  });
});

describe('the callback essc posts (form_post)', () => {
  it('accepts a verified token: 204, and the portal then answers from it (via callback) without polling', async () => {
    const { id, nonce } = await startLogin('openid profile idcard');
    const token = await idToken({ nonce, claims: { acr: '2', essc_masked_id_number: '3201**********1234', essc_card_level: 3 } });
    const res = await callback({ login_request_id: id, id_token: token });
    expect(res.status).toBe(204);
    const before = received.length;
    const view = await status(id);
    expect(view.body).toMatchObject({
      status: 'confirmed',
      via: 'callback',
      verified: true,
      claims: { sub: 'pairwise-subject-1', acr: '2', essc_masked_id_number: '3201**********1234', essc_card_level: 3, aud: CHANNEL },
    });
    expect(received.length).toBe(before);
    // A second delivery is harmless.
    expect((await callback({ login_request_id: id, id_token: token })).status).toBe(204);
  });

  it('refuses forged, foreign, stale and mismatched tokens with 400 and keeps none of them', async () => {
    const { id, nonce } = await startLogin();
    const other = await startLogin();
    const bad: Array<[string, Promise<string>]> = [
      ['signed by another key under the same kid', idToken({ nonce, key: forgeryKey })],
      ['signed by an unknown key', idToken({ nonce, key: forgeryKey, kid: 'unknown-kid' })],
      ['for another portal', idToken({ nonce, aud: 'another-portal' })],
      ['from another issuer', idToken({ nonce, iss: 'https://evil.example' })],
      ['expired', idToken({ nonce, expiresIn: -120 })],
      ["another request's nonce", idToken({ nonce: other.nonce })],
      ['without a nonce', idToken({})],
    ];
    for (const [what, token] of bad) {
      const res = await callback({ login_request_id: id, id_token: await token });
      expect(res.status, what).toBe(400);
      expect(((await res.json()) as { code: string }).code, what).toBe('invalid_id_token');
    }
    // Nothing was kept: the portal still asks essc, which says pending.
    expect(await status(id)).toEqual({ status: 200, body: { status: 'pending' } });
  });

  it('refuses an unknown request, a malformed form and another content type', async () => {
    const { id, nonce } = await startLogin();
    const token = await idToken({ nonce });
    expect((await callback({ login_request_id: 'lr_00000000000000000999', id_token: token })).status).toBe(400);
    expect((await callback({ login_request_id: id })).status).toBe(400);
    expect((await callback({ login_request_id: id, id_token: 'garbage' })).status).toBe(400);
    expect((await callback({ login_request_id: id, id_token: token }, 'application/json')).status).toBe(415);
    expect((await fetch(portal.url + '/callback')).status).toBe(405);
    expect(await status(id)).toEqual({ status: 200, body: { status: 'pending' } });
  });
});
