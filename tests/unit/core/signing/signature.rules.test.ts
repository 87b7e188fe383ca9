import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import {
  NONCE_TTL_SECONDS,
  SIGNATURE_WINDOW_SECONDS,
  canonicalPath,
  canonicalString,
  sign,
  signedPathWithQuery,
  verifySignature,
  type SignedParts,
} from '../../../../functions/core/signing/signature.rules.js';
import { signedRequestOf } from '../../../../functions/core/http/signedRoute.js';
import type { RouteEvent } from '../../../../functions/core/http/event.js';
import { httpEvent } from '../../support/lambda.js';

const SECRET = 'demo-pharmacy-secret-not-for-production';
const NOW = 1_795_000_000;
const BODY = JSON.stringify({ code: '88112345678901234566', businessType: 'payment' });

const parts: SignedParts = {
  method: 'POST',
  pathWithQuery: '/v1/terminal/code-verifications',
  timestamp: String(NOW),
  nonce: '6f1c2a9e-5d4b-4c1a-9e7f-0b2d3c4e5f60',
  body: BODY,
};

describe('canonicalString and sign', () => {
  it('match a signature computed by hand with node:crypto', () => {
    const bodyHash = createHash('sha256').update(BODY, 'utf8').digest('hex');
    const canonical = `POST\n/v1/terminal/code-verifications\n${NOW}\n6f1c2a9e-5d4b-4c1a-9e7f-0b2d3c4e5f60\n${bodyHash}`;
    expect(canonicalString(parts)).toBe(canonical);
    const expected = createHmac('sha256', SECRET).update(canonical, 'utf8').digest('base64');
    expect(sign(SECRET, parts)).toBe(expected);
    expect(verifySignature(SECRET, parts, expected, NOW)).toEqual({ ok: true });
  });

  it('hashes an empty body as the empty string, a GET with a query included', () => {
    const get: SignedParts = {
      method: 'GET',
      pathWithQuery: '/v1/terminal/reconciliation?date=2026-11-23',
      timestamp: NOW,
      nonce: 'abcdefgh12345678',
    };
    expect(canonicalString(get)).toBe(
      `GET\n/v1/terminal/reconciliation?date=2026-11-23\n${NOW}\nabcdefgh12345678\n` +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(canonicalString({ ...get, body: '' })).toBe(canonicalString(get));
    expect(canonicalString({ ...get, body: new Uint8Array() })).toBe(canonicalString(get));
    // A number and a string timestamp sign the same.
    expect(sign(SECRET, get)).toBe(sign(SECRET, { ...get, timestamp: String(NOW) }));
  });

  it('hashes bytes and the same text identically', () => {
    expect(canonicalString({ ...parts, body: Buffer.from(BODY, 'utf8') })).toBe(canonicalString(parts));
  });
});

describe('verifySignature', () => {
  const signature = sign(SECRET, parts);

  it('accepts a timestamp up to 300 s off either way (299 and 300), refuses 301', () => {
    expect(SIGNATURE_WINDOW_SECONDS).toBe(300);
    for (const off of [-300, -299, 0, 299, 300]) {
      expect(verifySignature(SECRET, parts, signature, NOW + off), String(off)).toEqual({ ok: true });
    }
    for (const off of [-301, 301, -86_400, 86_400]) {
      expect(verifySignature(SECRET, parts, signature, NOW + off), String(off)).toEqual({
        ok: false,
        reason: 'stale_timestamp',
      });
    }
  });

  it.each<[string, Partial<SignedParts>]>([
    ['method', { method: 'PUT' }],
    ['path', { pathWithQuery: '/v1/terminal/settlements' }],
    ['query', { pathWithQuery: '/v1/terminal/code-verifications?x=1' }],
    ['body', { body: BODY.replace('payment', 'query') }],
    ['nonce', { nonce: '6f1c2a9e-5d4b-4c1a-9e7f-0b2d3c4e5f61' }],
    ['timestamp', { timestamp: String(NOW + 1) }],
  ])('refuses a tampered %s', (_what, patch) => {
    expect(verifySignature(SECRET, { ...parts, ...patch }, signature, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses another secret', () => {
    expect(verifySignature('another-secret', parts, signature, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses signatures of another length or encoding without throwing', () => {
    for (const bad of ['x', signature.slice(0, -1), signature + 'A', signature.replace(/=+$/, ''), 'Zm9v'.repeat(20)]) {
      expect(verifySignature(SECRET, parts, bad, NOW), bad).toEqual({ ok: false, reason: 'bad_signature' });
    }
    // Hex of the right MAC is not the base64 the API asks for.
    const hex = createHmac('sha256', SECRET).update(canonicalString(parts)).digest('hex');
    expect(verifySignature(SECRET, parts, hex, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses any single changed character of the signature', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: signature.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
        (i, c) => {
          fc.pre(signature[i] !== c && signature[i] !== '=');
          const bad = signature.slice(0, i) + c + signature.slice(i + 1);
          expect(verifySignature(SECRET, parts, bad, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
        },
      ),
    );
  });

  it.each<[string, Partial<SignedParts>]>([
    ['a non-numeric timestamp', { timestamp: '17950000OO' }],
    ['a negative timestamp', { timestamp: '-1795000000' }],
    ['a fractional timestamp', { timestamp: NOW + 0.5 }],
    ['an empty timestamp', { timestamp: '' }],
    ['an empty nonce', { nonce: '' }],
    ['a short nonce', { nonce: 'abc' }],
    ['a nonce with a newline', { nonce: 'abcdefgh\nPOST' }],
    ['a lowercase method', { method: 'post' }],
    ['a path with a newline', { pathWithQuery: '/v1/x\n1795000000' }],
    ['a relative path', { pathWithQuery: 'v1/terminal/settlements' }],
  ])('refuses %s as malformed', (_what, patch) => {
    expect(verifySignature(SECRET, { ...parts, ...patch }, signature, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a missing signature or secret as malformed', () => {
    expect(verifySignature(SECRET, parts, undefined, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(SECRET, parts, '', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature('', parts, signature, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('canonicalString throws on malformed parts instead of signing them', () => {
    expect(() => canonicalString({ ...parts, nonce: 'a\nb' })).toThrow(RangeError);
  });

  it('keeps nonces long enough to cover the whole window both ways', () => {
    expect(NONCE_TTL_SECONDS).toBeGreaterThanOrEqual(2 * SIGNATURE_WINDOW_SECONDS);
  });

  it('round-trips any well-formed request', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
        fc.string(),
        fc.string({ minLength: 1 }),
        (method, pathWithQuery, ts, nonce, body, secret) => {
          const p = { method, pathWithQuery, timestamp: String(ts), nonce, body };
          expect(verifySignature(secret, p, sign(secret, p), ts)).toEqual({ ok: true });
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the signed path and query (deployed event shape)', () => {
  // The event API Gateway's HTTP API gives the function: rawPath decoded, rawQueryString as sent.
  const event = httpEvent('httpApiGetTerminalSettlementByOrder');
  const wire = `/v1/terminal/settlements?${event.rawQueryString}`;

  it('a conforming client signing the URL it fetches verifies against the deployed event', () => {
    const url = new URL(`https://api.essc.example${wire}`);
    const clientSigned = signedPathWithQuery(url.pathname, url.search.slice(1));
    expect(clientSigned).toBe(wire);
    const signature = sign(SECRET, { ...parts, method: 'GET', pathWithQuery: clientSigned, body: '' });
    const server = signedRequestOf(event as RouteEvent);
    expect(server.pathWithQuery).toBe(wire);
    expect(verifySignature(SECRET, { ...parts, method: 'GET', pathWithQuery: server.pathWithQuery, body: server.body }, signature, NOW)).toEqual({ ok: true });
  });

  it('the query is taken exactly as sent: re-encoding it (%20 as +, %3A as :) is another string', () => {
    const reencoded = `/v1/terminal/settlements?${new URLSearchParams(event.queryStringParameters as Record<string, string>).toString()}`;
    expect(reencoded).not.toBe(wire);
    const signature = sign(SECRET, { ...parts, method: 'GET', pathWithQuery: reencoded, body: '' });
    const server = signedRequestOf(event as RouteEvent);
    expect(verifySignature(SECRET, { ...parts, method: 'GET', pathWithQuery: server.pathWithQuery, body: '' }, signature, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a decoded path (AWS) and the encoded one (the wire, serverless-offline) sign the same', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !s.includes('/')), { minLength: 1, maxLength: 4 }), (segments) => {
        const decoded = `/${segments.join('/')}`;
        const encoded = `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
        expect(canonicalPath(encoded)).toBe(canonicalPath(canonicalPath(encoded)));
        if (!segments.some((s) => s.includes('%'))) expect(canonicalPath(decoded)).toBe(canonicalPath(encoded));
      }),
    );
    expect(canonicalPath('/v1/terminal/settlements/st_AbC-12_x')).toBe('/v1/terminal/settlements/st_AbC-12_x');
    expect(canonicalPath('/v1/a%7Eb/%e4%b8%ad')).toBe('/v1/a~b/%E4%B8%AD');
  });
});
