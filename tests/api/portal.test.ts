/**
 * The demo portal (scripts/portal, started by globalSetup on 10094, whose callback URL the
 * seed registers) against the real stack: it signs its login requests as the channel
 * `demo-portal`, the seeded demo holder confirms through the holder API, and the portal
 * reports who logged in only after verifying the ID token against essc's JWKS — whether
 * essc's callback delivered it or the portal's poll fetched it.
 */
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SignedClient } from '../../scripts/lib/signedClient.js';
import { DEMO_PORTAL } from '../../scripts/portal/defaults.js';
import { apiUrl, call, face, login } from './client.js';
import { documentedFetch } from './contract.js';

const portalUrl = () => inject('portalUrl');
const DEMO_PIN = '135790';
let holder: string;

beforeAll(async () => {
  holder = await login('demo-holder');
});

async function portal(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(portalUrl() + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

const callback = (fields: Record<string, string>) =>
  fetch(portalUrl() + '/callback', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

/** essc's own view of a login request, asked as the portal channel would. */
function asPortal() {
  return new SignedClient({ apiUrl: apiUrl(), signer: { header: 'x-essc-channel', id: DEMO_PORTAL.id, secret: DEMO_PORTAL.secret }, fetch: documentedFetch });
}

async function startLogin(scope: string) {
  const res = await portal('POST', '/api/login-requests', { scope });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; qrContent: string; expiresAt: string; qrSvg: string; scope: string };
}

/** The holder confirms with the demo PIN (serverless-offline answers a Lambda timeout with 200 and an error body). */
async function confirmWithPin(id: string) {
  const res = await call('POST', `/v1/login-requests/${id}/confirmation`, { token: holder, body: { pin: DEMO_PIN } });
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { status: 'confirmed' } });
}

/** The portal's report once it says confirmed (a poll may race essc's callback). */
async function portalConfirmed(id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await portal('GET', `/api/login-requests/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (res.body.status === 'confirmed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('demo portal against the stack', () => {
  it('serves 演示政务服务网 without its secret', async () => {
    const res = await fetch(portalUrl() + '/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>演示政务服务网</title>');
    expect(html).toContain('id="portal-login"');
    expect(html).not.toContain(DEMO_PORTAL.secret);
  });

  it('logs the demo holder in: QR code, PIN confirmation, verified ID token', async () => {
    const lr = await startLogin('openid profile');
    expect(lr.qrContent).toBe(`essc://login?r=${lr.id}`);
    expect(lr.qrSvg).toMatch(/^<svg/);

    // The holder scans: who asks, for what.
    const seen = await call('GET', `/v1/login-requests/${lr.id}`, { token: holder });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: lr.id, portal: { id: 'demo-portal', name: '演示政务服务网' }, scope: 'openid profile', level: 1, status: 'pending' });
    expect(await portal('GET', `/api/login-requests/${lr.id}`)).toEqual({ status: 200, body: { status: 'pending' } });

    await confirmWithPin(lr.id);

    const view = await portalConfirmed(lr.id);
    expect(view).toMatchObject({ status: 'confirmed', verified: true });
    expect(['callback', 'polling']).toContain(view.via);
    expect(view.claims).toMatchObject({ aud: 'demo-portal', iss: apiUrl(), acr: '1', name: expect.any(String) });
    expect(view.claims.sub).toMatch(/^\S{16,}$/);
    expect(view.claims.exp).toBeGreaterThan(view.claims.iat);
    expect(view.claims).not.toHaveProperty('essc_masked_id_number');

    // What essc itself holds: the same subject in its token; and if it called back, the portal took it.
    const essc = await asPortal().request('GET', `/v1/portal/login-requests/${lr.id}`);
    expect(essc.status).toBe(200);
    expect(essc.body).toMatchObject({ status: 'confirmed', redirectUri: `${portalUrl()}/callback` });
    expect(decodeJwt(essc.body.idToken).sub).toBe(view.claims.sub);
    if (essc.body.callback) expect(essc.body.callback).toMatchObject({ status: 'delivered', detail: 'HTTP 204' });
  });

  it('logs in at the higher level with a face check, with the same pairwise subject', async () => {
    const first = await startLogin('openid profile');
    await confirmWithPin(first.id);
    const firstView = await portalConfirmed(first.id);

    const lr = await startLogin('openid profile idcard');
    const pinOnly = await call('POST', `/v1/login-requests/${lr.id}/confirmation`, { token: holder, body: { pin: DEMO_PIN } });
    expect(pinOnly.status).toBe(422);
    expect(pinOnly.body.code).toBe('face_verification_required');
    const f = await face(holder, 'login', 'pass');
    expect(f.result.body.status).toBe('passed');
    const confirmed = await call('POST', `/v1/login-requests/${lr.id}/confirmation`, { token: holder, body: { faceVerificationId: f.id } });
    expect({ status: confirmed.status, body: confirmed.body }).toEqual({ status: 200, body: { status: 'confirmed' } });

    const view = await portalConfirmed(lr.id);
    expect(view).toMatchObject({ status: 'confirmed', verified: true });
    expect(view.claims).toMatchObject({
      aud: 'demo-portal',
      acr: '2',
      sub: firstView.claims.sub,
      essc_masked_id_number: expect.stringContaining('*'),
      essc_card_level: expect.any(Number),
    });
  });

  it('refuses a forged or tampered ID token on /callback with 400 and keeps nothing of it', async () => {
    // A pending request: a token signed with our own key under essc's kid must not log anyone in.
    const lr = await startLogin('openid profile');
    const { keys } = (await (await fetch(`${apiUrl()}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    const { privateKey } = await generateKeyPair('ES256');
    const iat = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ acr: '1', name: '冒*', nonce: 'a-nonce-we-cannot-know' })
      .setProtectedHeader({ alg: 'ES256', kid: keys[0]!.kid, typ: 'JWT' })
      .setIssuer(apiUrl())
      .setAudience('demo-portal')
      .setSubject('forged-subject')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
    const refused = await callback({ login_request_id: lr.id, id_token: forged });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_id_token');
    expect(await portal('GET', `/api/login-requests/${lr.id}`)).toEqual({ status: 200, body: { status: 'pending' } });

    // A confirmed request: essc's genuine token with another subject pasted in fails its signature.
    await confirmWithPin(lr.id);
    const genuine = (await asPortal().request('GET', `/v1/portal/login-requests/${lr.id}`)).body.idToken as string;
    expect(decodeProtectedHeader(genuine).kid).toBe(keys[0]!.kid);
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const tamperedPayload = Buffer.from(JSON.stringify({ ...decodeJwt(genuine), sub: 'forged-subject' })).toString('base64url');
    expect(payload).not.toBe(tamperedPayload);
    const tampered = await callback({ login_request_id: lr.id, id_token: `${header}.${tamperedPayload}.${signature}` });
    expect(tampered.status).toBe(400);

    const view = await portalConfirmed(lr.id);
    expect(view).toMatchObject({ status: 'confirmed', verified: true });
    expect(view.claims.sub).toBe(decodeJwt(genuine).sub);
    expect(view.claims.sub).not.toBe('forged-subject');
  });
});
