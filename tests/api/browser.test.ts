/**
 * What a browser may do with the API (issue 9): only an H5 origin a channel registered gets
 * CORS answers, on the holder routes and session creation; a signed route answers no browser;
 * no origin is reflected blindly. Through serverless-offline, which no longer adds CORS itself.
 */
import { describe, expect, it } from 'vitest';
import { H5_ORIGINS } from '../../scripts/lib/ports.js';
import { apiUrl, call, login, terminal } from './client.js';

const H5 = H5_ORIGINS[0]!;
const EVIL = 'https://evil.example';

async function preflight(path: string, origin: string, method = 'GET') {
  const res = await fetch(apiUrl() + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
  });
  return { status: res.status, headers: res.headers };
}

describe('CORS', () => {
  it('a registered H5 origin may call holder routes and create a session', async () => {
    for (const [path, method] of [['/v1/cards/me', 'GET'], ['/v1/sessions', 'POST'], ['/v1/settlements/st_x/confirmation', 'POST']] as const) {
      const res = await preflight(path, H5, method);
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe(H5);
      expect(res.headers.get('access-control-allow-methods'), path).toContain(method);
      expect(res.headers.get('access-control-allow-headers'), path).toContain('authorization');
      expect(res.headers.get('vary')?.toLowerCase(), path).toContain('origin');
    }
    const token = await login('cors-user-1');
    const answered = await call('GET', '/v1/cards/me', { token, headers: { origin: H5 } });
    expect(answered.headers.get('access-control-allow-origin')).toBe(H5);
    // A refusal is readable too, so the app can tell a lapsed session from a network failure.
    const refused = await call('GET', '/v1/cards/me', { headers: { origin: H5 } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(H5);
    const session = await call('POST', '/v1/sessions', { body: { channelId: 'sandbox', platform: 'h5', loginCode: 'sandbox:cors-user-2' }, headers: { origin: H5 } });
    expect(session.status).toBe(201);
    expect(session.headers.get('access-control-allow-origin')).toBe(H5);
  });

  it('any other origin gets no CORS answer: not reflected, not *', async () => {
    for (const origin of [EVIL, 'null', `${H5}.evil.example`, H5.replace('http:', 'https:'), `${H5}/`]) {
      const res = await preflight('/v1/cards/me', origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    const token = await login('cors-user-3');
    const answered = await call('GET', '/v1/cards/me', { token, headers: { origin: EVIL } });
    expect(answered.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('signed routes answer no browser, even from a registered origin', async () => {
    for (const path of ['/v1/terminal/code-verifications', '/v1/terminal/settlements', '/v1/portal/login-requests']) {
      const res = await preflight(path, H5, 'POST');
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const res = await terminal('GET', '/v1/terminal/reconciliation?date=2026-11-30', undefined, { headers: { origin: H5 } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('API answers', () => {
  it('carry no-store and nosniff, success and refusal alike', async () => {
    const token = await login('cors-user-4');
    for (const res of [await call('GET', '/v1/cards/me', { token }), await call('GET', '/v1/cards/me'), await call('POST', '/v1/sessions', { raw: 'x', headers: { 'content-type': 'text/plain' } })]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
