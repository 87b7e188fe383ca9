/**
 * Scan-to-login against DynamoDB Local: portal routes driven through their Lambda handlers
 * with signed events (X-Essc-Channel), holder steps through the services.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../functions/core/signing/signature.rules.js';
import { createLoginRequest as createHandler, getPortalLoginRequest as getHandler } from '../../functions/scanLogin/portalRoutes.js';
import { jwks as jwksHandler, openidConfiguration } from '../../functions/scanLogin/wellKnownRoutes.js';
import { setClockOffset } from '../../functions/core/clock.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { reportLoss } from '../../functions/cards/lossReport.js';
import { claimCard } from '../../functions/cards/claim.js';
import { jwks, publicJwkOf } from '../../functions/scanLogin/oidc.js';
import { confirmLoginRequest, loginRequestForHolder, pairwiseSubject } from '../../functions/scanLogin/loginRequests.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { getBindingOfUser } from '../../functions/holder/binding.store.js';
import { channelKey, getChannel, putChannel } from '../../functions/channels/channel.store.js';
import { signerWithKeys } from '../../functions/core/signing/signingKey.store.js';
import { registerHmacKey } from './support.js';
import { invoke } from '../unit/support/lambda.js';
import { authorizationsOf, revokeAuthorization } from '../../functions/authorizations/authorizations.js';
import { faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '246813';
const ISSUER = 'http://127.0.0.1:3000';
const PORTAL_A = { id: 'it-portal-a', secret: 'it-portal-a-secret' };
const PORTAL_B = { id: 'it-portal-b', secret: 'it-portal-b-secret' };
const savedEnv = { jwk: process.env.OIDC_SIGNING_JWK, jwks: process.env.OIDC_PUBLIC_JWKS, issuer: process.env.OIDC_ISSUER };

beforeAll(async () => {
  await startFace();
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'it-key' };
  process.env.OIDC_SIGNING_JWK = JSON.stringify(jwk);
  process.env.OIDC_PUBLIC_JWKS = JSON.stringify({ keys: [publicJwkOf(jwk)] });
  process.env.OIDC_ISSUER = ISSUER;
  for (const [p, name] of [
    [PORTAL_A, '测试门户A'],
    [PORTAL_B, '测试门户B'],
  ] as const) {
    await putChannel({
      id: p.id,
      name,
      portalName: name,
      kind: 'portal',
      platform: 'h5',
      login: 'sandbox',
      faceProvider: 'sandbox',
      redirectUris: ['http://127.0.0.1:10090/callback'],
      services: ['scan_login'],
    });
    await registerHmacKey(channelKey(p.id), p.secret);
  }
});
afterAll(async () => {
  await stopFace();
  for (const [name, value] of [
    ['OIDC_SIGNING_JWK', savedEnv.jwk],
    ['OIDC_PUBLIC_JWKS', savedEnv.jwks],
    ['OIDC_ISSUER', savedEnv.issuer],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterEach(() => setClockOffset(0));

interface SignOptions {
  channelId?: string;
  secret?: string;
  timestamp?: number;
  nonce?: string;
  omit?: string;
  /** Sent instead of the signed nonce (to send one that can't be signed). */
  nonceHeader?: string;
}

function signedEvent(
  portal: { id: string; secret: string },
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  opts: SignOptions = {},
): APIGatewayProxyEventV2 {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = opts.nonce ?? randomBytes(12).toString('base64url');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: '127.0.0.1:3000',
    'x-essc-channel': opts.channelId ?? portal.id,
    'x-essc-timestamp': String(timestamp),
    'x-essc-nonce': opts.nonceHeader ?? nonce,
    'x-essc-signature': sign(opts.secret ?? portal.secret, { method, pathWithQuery: path, timestamp, nonce, body: text }),
  };
  if (opts.omit) delete headers[opts.omit];
  const id = path.match(/\/login-requests\/([^/?]+)/)?.[1];
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: { http: { method, path }, requestId: randomBytes(8).toString('hex'), domainName: '127.0.0.1' },
    ...(id ? { pathParameters: { id } } : {}),
    ...(text ? { body: text } : {}),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

async function createRequest(portal = PORTAL_A, body: Record<string, unknown> = { scope: 'openid profile' }) {
  const res = await invoke(createHandler, signedEvent(portal, 'POST', '/v1/portal/login-requests', body));
  expect(res.statusCode).toBe(201);
  return res.body as { id: string; qrContent: string; expiresAt: string };
}

async function poll(id: string, portal = PORTAL_A) {
  return invoke(getHandler, signedEvent(portal, 'GET', `/v1/portal/login-requests/${id}`, undefined));
}

async function claimed(i: number): Promise<Session> {
  const person = people.claimable(i);
  const session = newSession();
  const face = await faceCheck(session, 'claim', 'pass', person);
  await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
  return session;
}

describe('scan-to-login', () => {
  it('create → holder reads → PIN confirms → the portal gets an ID token that verifies against the JWKS', async () => {
    const session = await claimed(0);
    const before = Date.now();
    const created = await createRequest(PORTAL_A, { scope: 'openid profile', nonce: 'portal-nonce-1234' });
    const after = Date.now();
    expect(created.qrContent).toBe(`essc://login?r=${created.id}`);
    expect(Date.parse(created.expiresAt)).toBeGreaterThanOrEqual(before + 120_000);
    expect(Date.parse(created.expiresAt)).toBeLessThanOrEqual(after + 120_000);

    expect((await poll(created.id)).body).toEqual({ status: 'pending' });
    expect(await loginRequestForHolder(session, created.id)).toEqual({
      id: created.id,
      portal: { id: PORTAL_A.id, name: '测试门户A' },
      scope: 'openid profile',
      level: 1,
      expiresAt: created.expiresAt,
      status: 'pending',
    });

    await expect(confirmLoginRequest(session, created.id, { pin: '000000' }, ISSUER)).rejects.toMatchObject({ code: 'wrong_pin' });
    expect(await confirmLoginRequest(session, created.id, { pin: PIN }, ISSUER)).toEqual({ status: 'confirmed' });

    const polled = await poll(created.id);
    expect(polled.body.status).toBe('confirmed');
    const binding = await getBindingOfUser(session.channelId, session.openid);
    const { payload, protectedHeader } = await jwtVerify(polled.body.idToken as string, createLocalJWKSet(await jwks()), {
      issuer: ISSUER,
      audience: PORTAL_A.id,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe('it-key');
    expect(payload.sub).toBe(await pairwiseSubject(PORTAL_A.id, binding!.cardId));
    expect(payload.sub).not.toContain(binding!.cardId);
    expect(payload).toMatchObject({ acr: '1', nonce: 'portal-nonce-1234', name: expect.stringContaining('*') });
    expect(payload).not.toHaveProperty('essc_masked_id_number');

    // The same request can't be confirmed again.
    await expect(confirmLoginRequest(session, created.id, { pin: PIN }, ISSUER)).rejects.toMatchObject({
      status: 409,
      code: 'login_request_already_confirmed',
    });
  });

  it('a confirmed login shows in 授权管理 (name, scope, last login) and the holder can revoke it without a confirmation', async () => {
    const session = await claimed(7);
    const created = await createRequest(PORTAL_B, { scope: 'openid profile' });
    await confirmLoginRequest(session, created.id, { pin: PIN }, ISSUER);
    const { portals } = await authorizationsOf(session);
    expect(portals).toEqual([{ channelId: PORTAL_B.id, name: '测试门户B', scope: 'openid profile', lastLoginAt: expect.any(String) }]);
    await revokeAuthorization(session, PORTAL_B.id, { pin: PIN });
    expect((await authorizationsOf(session)).portals).toEqual([]);
    await expect(revokeAuthorization(session, PORTAL_B.id, { pin: PIN })).rejects.toMatchObject({ code: 'authorization_not_found' });
  });

  it('the subject is pairwise: another portal sees another sub for the same card', async () => {
    const session = await claimed(1);
    const subs: string[] = [];
    for (const portal of [PORTAL_A, PORTAL_B]) {
      const { id } = await createRequest(portal, { scope: 'openid' });
      await confirmLoginRequest(session, id, { pin: PIN }, ISSUER);
      const token = (await poll(id, portal)).body.idToken as string;
      const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), { audience: portal.id });
      subs.push(payload.sub!);
    }
    expect(subs[0]).not.toBe(subs[1]);
  });

  it('an expired request is refused and reads as expired', async () => {
    const session = await claimed(2);
    const { id } = await createRequest();
    setClockOffset(121_000);
    await expect(confirmLoginRequest(session, id, { pin: PIN }, ISSUER)).rejects.toMatchObject({
      status: 410,
      code: 'login_request_expired',
    });
    expect((await loginRequestForHolder(session, id)).status).toBe('expired');
    // The portal's own clock moved too: it signs with the shifted time.
    const polled = await invoke(
      getHandler,
      signedEvent(PORTAL_A, 'GET', `/v1/portal/login-requests/${id}`, undefined, { timestamp: Math.floor(Date.now() / 1000) + 121 }),
    );
    expect(polled.body).toEqual({ status: 'expired' });
  });

  it("another portal's read is 404", async () => {
    const { id } = await createRequest(PORTAL_A);
    const res = await poll(id, PORTAL_B);
    expect(res).toMatchObject({ statusCode: 404, body: { code: 'login_request_not_found' } });
  });

  it('an idcard scope needs a passed face verification of purpose login of the holder', async () => {
    const session = await claimed(3);
    const { id } = await createRequest(PORTAL_A, { scope: 'openid idcard' });
    expect((await loginRequestForHolder(session, id)).level).toBe(2);
    await expect(confirmLoginRequest(session, id, { pin: PIN }, ISSUER)).rejects.toMatchObject({
      code: 'face_verification_required',
    });
    const wrongPurpose = await faceCheck(session, 'unbind', 'pass');
    await expect(confirmLoginRequest(session, id, { faceVerificationId: wrongPurpose.id }, ISSUER)).rejects.toMatchObject({
      code: 'face_verification_wrong_purpose',
    });
    const failed = await faceCheck(session, 'login', 'fail');
    await expect(confirmLoginRequest(session, id, { faceVerificationId: failed.id }, ISSUER)).rejects.toMatchObject({
      code: 'face_verification_failed',
    });
    const face = await faceCheck(session, 'login', 'pass');
    expect(await confirmLoginRequest(session, id, { faceVerificationId: face.id }, ISSUER)).toEqual({ status: 'confirmed' });
    const token = (await poll(id)).body.idToken as string;
    const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), { audience: PORTAL_A.id });
    expect(payload).toMatchObject({ acr: '2', essc_masked_id_number: expect.stringContaining('*'), essc_card_level: expect.any(Number) });

    // The face verification was used up with the confirmation.
    const again = await createRequest(PORTAL_A, { scope: 'openid idcard' });
    await expect(confirmLoginRequest(session, again.id, { faceVerificationId: face.id }, ISSUER)).rejects.toMatchObject({
      code: 'face_verification_used',
    });
  });

  it('refuses a session of a portal or inactive channel, and a lost card', async () => {
    const session = await claimed(4);
    const { id } = await createRequest();
    const portalSession: Session = { channelId: PORTAL_B.id, platform: 'h5', openid: session.openid };
    await expect(confirmLoginRequest(portalSession, id, { pin: PIN }, ISSUER)).rejects.toMatchObject({
      status: 403,
      code: 'channel_not_allowed',
    });
    await expect(loginRequestForHolder(portalSession, id)).rejects.toMatchObject({ code: 'channel_not_allowed' });
    await expect(
      confirmLoginRequest({ ...session, channelId: 'no-such-channel' }, id, { pin: PIN }, ISSUER),
    ).rejects.toMatchObject({ code: 'channel_not_allowed' });

    await reportLoss(session, 'formal', PIN);
    await expect(confirmLoginRequest(session, id, { pin: PIN }, ISSUER)).rejects.toMatchObject({ code: 'card_not_usable' });
    expect((await poll(id)).body).toEqual({ status: 'pending' });
  });

  it('refuses an unknown scope and an unregistered redirectUri', async () => {
    const bad = await invoke(createHandler, signedEvent(PORTAL_A, 'POST', '/v1/portal/login-requests', { scope: 'openid email' }));
    expect(bad.body).toMatchObject({ status: 400, code: 'invalid_scope' });
    const redirect = await invoke(
      createHandler,
      signedEvent(PORTAL_A, 'POST', '/v1/portal/login-requests', { scope: 'openid', redirectUri: 'https://evil.example/cb' }),
    );
    expect(redirect.body).toMatchObject({ status: 400, code: 'redirect_uri_not_registered' });
    const ok = await createRequest(PORTAL_A, { scope: 'openid', redirectUri: 'http://127.0.0.1:10090/callback' });
    expect((await poll(ok.id)).body).toEqual({ status: 'pending', redirectUri: 'http://127.0.0.1:10090/callback' });
  });
});

describe('portal signatures: the terminal 401 codes', () => {
  const path = '/v1/portal/login-requests';
  const body = { scope: 'openid' };
  const call = (e: APIGatewayProxyEventV2) => invoke(createHandler, e);

  it('missing header, bad signature, stale timestamp, replayed nonce, unknown or non-portal channel', async () => {
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { omit: 'x-essc-signature' }))).body).toMatchObject({
      status: 401,
      code: 'missing_signature',
    });
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { secret: 'wrong' }))).body).toMatchObject({
      status: 401,
      code: 'bad_signature',
    });
    expect(
      (await call(signedEvent(PORTAL_A, 'POST', path, body, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).body,
    ).toMatchObject({ status: 401, code: 'stale_timestamp' });
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { nonceHeader: 'x' }))).body).toMatchObject({
      status: 401,
      code: 'malformed_signature',
    });
    const nonce = randomBytes(12).toString('base64url');
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { nonce }))).statusCode).toBe(201);
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { nonce }))).body).toMatchObject({
      status: 401,
      code: 'replayed_nonce',
    });
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { channelId: 'sandbox' }))).body).toMatchObject({
      status: 401,
      code: 'unknown_channel',
    });
    expect((await call(signedEvent(PORTAL_A, 'POST', path, body, { channelId: 'nobody' }))).body).toMatchObject({
      status: 401,
      code: 'unknown_channel',
    });
  });
});

describe('OpenID discovery and keys', () => {
  it('publishes the issuer, the JWKS location and the public key only', async () => {
    const doc = await invoke(openidConfiguration, signedEvent(PORTAL_A, 'GET', '/.well-known/openid-configuration', undefined));
    expect(doc.body).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks.json`, subject_types_supported: ['pairwise'] });
    const keys = await invoke(jwksHandler, signedEvent(PORTAL_A, 'GET', '/.well-known/jwks.json', undefined));
    expect(keys.body).toMatchObject({ keys: [{ kty: 'EC', crv: 'P-256', kid: 'it-key', alg: 'ES256' }] });
    expect((keys.body.keys as Record<string, unknown>[])[0]).not.toHaveProperty('d');
  });

  it('the seed has the demo portal', async () => {
    const portal = await getChannel('demo-portal');
    expect(portal).toMatchObject({ kind: 'portal', portalName: '演示政务服务网', active: true, state: 'sandbox', services: ['scan_login'] });
    const { keys } = await signerWithKeys(channelKey('demo-portal'));
    expect(keys.map((k) => k.keyId)).toEqual(['demo-portal-key-1']);
    expect((await pii()).decrypt('secret', keys[0]!.secretEnc!)).toBe('demo-portal-secret-not-for-production');
  });

  it('delivers the ID token to the registered redirect URI as a form post; a failing portal still gets it by polling', async () => {
    const received: { path: string; type: string; form: URLSearchParams }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', form: new URLSearchParams(body) });
        res.statusCode = req.url === '/broken' ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const portal = { id: 'it-portal-callback', secret: 'it-portal-callback-secret' };
    await putChannel({
      id: portal.id,
      name: '回调门户',
      portalName: '回调门户',
      kind: 'portal',
      platform: 'h5',
      login: 'sandbox',
      faceProvider: 'sandbox',
      redirectUris: [`${base}/callback`, `${base}/broken`],
      services: ['scan_login'],
    });
    await registerHmacKey(channelKey(portal.id), portal.secret);
    try {
      const session = await claimed(5);
      // Not registered: refused, nothing created.
      const unregistered = await invoke(
        createHandler,
        signedEvent(portal, 'POST', '/v1/portal/login-requests', { scope: 'openid', redirectUri: `${base}/elsewhere` }),
      );
      expect(unregistered).toMatchObject({ statusCode: 400, body: { code: 'redirect_uri_not_registered' } });

      const created = await createRequest(portal, { scope: 'openid profile', redirectUri: `${base}/callback`, nonce: 'cb-nonce-123456' });
      await confirmLoginRequest(session, created.id, { pin: PIN }, ISSUER);
      expect(received).toHaveLength(1);
      const [delivery] = received;
      expect(delivery).toMatchObject({ path: '/callback', type: 'application/x-www-form-urlencoded' });
      expect(delivery!.form.get('login_request_id')).toBe(created.id);
      const { payload } = await jwtVerify(delivery!.form.get('id_token')!, createLocalJWKSet(await jwks()), {
        issuer: ISSUER,
        audience: portal.id,
      });
      expect(payload.nonce).toBe('cb-nonce-123456');
      const polled = (await poll(created.id, portal)).body;
      expect(polled).toMatchObject({ status: 'confirmed', idToken: delivery!.form.get('id_token'), callback: { status: 'delivered', detail: 'HTTP 204' } });

      // The portal's endpoint fails: the login is still confirmed, the outcome says so, polling works.
      const second = await createRequest(portal, { scope: 'openid', redirectUri: `${base}/broken` });
      const other = await claimed(6);
      expect(await confirmLoginRequest(other, second.id, { pin: PIN }, ISSUER)).toEqual({ status: 'confirmed' });
      expect(received).toHaveLength(2);
      expect((await poll(second.id, portal)).body).toMatchObject({
        status: 'confirmed',
        idToken: expect.any(String),
        callback: { status: 'failed', detail: 'HTTP 500' },
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
