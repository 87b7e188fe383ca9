import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerless } from '../../../scripts/lib/routes.js';
import { discoveryDocument, issuer, jwks, mintIdToken, publicJwkOf } from '../../../functions/scanLogin/oidc.js';
import { openidConfiguration } from '../../../functions/scanLogin/wellKnownRoutes.js';
import { httpEvent, invoke } from '../support/lambda.js';

const saved = { jwk: process.env.OIDC_SIGNING_JWK, jwks: process.env.OIDC_PUBLIC_JWKS, issuer: process.env.OIDC_ISSUER };
const ISSUER = 'https://api.essc.test';
const AT = new Date('2026-11-23T08:00:00.000Z');

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'unit-test-key' };
  process.env.OIDC_SIGNING_JWK = JSON.stringify(jwk);
  process.env.OIDC_PUBLIC_JWKS = JSON.stringify({ keys: [publicJwkOf(jwk)] });
  delete process.env.OIDC_ISSUER;
});
afterAll(() => {
  for (const [name, value] of [
    ['OIDC_SIGNING_JWK', saved.jwk],
    ['OIDC_PUBLIC_JWKS', saved.jwks],
    ['OIDC_ISSUER', saved.issuer],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const mint = () =>
  mintIdToken({
    issuer: ISSUER,
    audience: 'demo-portal',
    subject: 'pairwise-sub',
    acr: '1',
    nonce: 'nonce-12345678',
    claims: { name: '张*' },
    at: AT,
  });

describe('ID tokens', () => {
  it('verify against the published JWKS, with the expected claims', async () => {
    const token = await mint();
    const keys = jwks();
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).not.toHaveProperty('d');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: 'unit-test-key' });
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      issuer: ISSUER,
      audience: 'demo-portal',
      algorithms: ['ES256'],
      currentDate: new Date(AT.getTime() + 60_000),
    });
    expect(payload).toMatchObject({ sub: 'pairwise-sub', acr: '1', nonce: 'nonce-12345678', name: '张*' });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('a tampered token fails', async () => {
    const token = await mint();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    await expect(
      jwtVerify(`${header}.${forged}.${signature}`, createLocalJWKSet(await jwks()), { currentDate: AT }),
    ).rejects.toThrow();
  });

  it('a token signed by another key fails', async () => {
    const token = await mint();
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const other = { keys: [{ ...(await exportJWK(publicKey)), kid: 'unit-test-key', alg: 'ES256' }] };
    await expect(jwtVerify(token, createLocalJWKSet(other), { currentDate: AT })).rejects.toThrow();
  });
});

describe('discovery', () => {
  it('names the issuer, the JWKS and what is supported', () => {
    expect(discoveryDocument(ISSUER)).toMatchObject({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['pairwise'],
      scopes_supported: ['openid', 'profile', 'idcard'],
    });
  });

  it('takes the issuer from OIDC_ISSUER only: never from the Host header, and refuses to run without a sound one', async () => {
    process.env.OIDC_ISSUER = 'https://api.example.cn/';
    expect(issuer()).toBe('https://api.example.cn');
    const forged = httpEvent('httpApiGetCardsMe', { rawPath: '/.well-known/openid-configuration', routeKey: 'GET /.well-known/openid-configuration', headers: { host: 'evil.example' } });
    forged.requestContext = { ...forged.requestContext, domainName: 'evil.example' };
    const reply = await invoke(openidConfiguration, forged);
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toMatchObject({ issuer: 'https://api.example.cn', jwks_uri: 'https://api.example.cn/.well-known/jwks.json' });
    expect(JSON.stringify(reply.body)).not.toContain('evil.example');

    for (const bad of ['', 'api.example.cn', 'http://api.example.cn', 'https://api.example.cn/?x=1', 'https://u:p@api.example.cn']) {
      if (bad === '') delete process.env.OIDC_ISSUER;
      else process.env.OIDC_ISSUER = bad;
      expect(() => issuer(), bad).toThrow(/OIDC_ISSUER/);
    }
    process.env.OIDC_ISSUER = 'http://127.0.0.1:3000';
    expect(issuer()).toBe('http://127.0.0.1:3000');
    delete process.env.OIDC_ISSUER;
  });

  it('a deployed stage takes it from SSM, so a deploy without one fails', () => {
    const params = readServerless().params as Record<string, { oidcIssuer?: string }>;
    for (const stage of ['prod', 'staging']) expect(params[stage]!.oidcIssuer).toMatch(/^\$\{ssm:\/essc\/\$\{sls:stage\}\/oidc-issuer\}$/);
  });
});

describe('the JWKS a stage publishes', () => {
  it('is the public half of the signing key of the dev and test stages, with no private member', () => {
    const params = readServerless().params as Record<string, { oidcSigningJwk?: string; oidcPublicJwks?: string }>;
    for (const stage of ['dev', 'test']) {
      const signing = JSON.parse(params[stage]!.oidcSigningJwk!);
      const published = JSON.parse(params[stage]!.oidcPublicJwks!) as { keys: Record<string, unknown>[] };
      expect(published.keys).toEqual([publicJwkOf(signing)]);
      expect(JSON.stringify(published)).not.toContain(signing.d);
    }
  });

  it('refuses to publish a key with a private member', () => {
    const before = process.env.OIDC_PUBLIC_JWKS;
    process.env.OIDC_PUBLIC_JWKS = process.env.OIDC_SIGNING_JWK!.replace(/^/, '{"keys":[').replace(/$/, ']}');
    try {
      expect(() => jwks()).toThrow(/no private member/);
    } finally {
      process.env.OIDC_PUBLIC_JWKS = before;
    }
  });
});
