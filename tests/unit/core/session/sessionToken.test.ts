import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueSessionToken, SESSION_TTL_SECONDS, verifySessionToken } from '../../../../functions/core/session/sessionToken.js';
import { setClockOffset } from '../../../../functions/core/clock.js';

beforeAll(() => {
  process.env.SESSION_SECRET = 'unit-test-session-secret-unit-test-session-secret';
});
afterEach(() => setClockOffset(0));

describe('session tokens', () => {
  it('round-trips channel, platform and user', async () => {
    const { token, expiresAt } = await issueSessionToken({ channelId: 'sandbox', platform: 'h5', openid: 'u1' });
    expect(await verifySessionToken(token)).toEqual({ channelId: 'sandbox', platform: 'h5', openid: 'u1' });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan((SESSION_TTL_SECONDS - 5) * 1000);
  });

  it('expires', async () => {
    const { token } = await issueSessionToken({ channelId: 'sandbox', platform: 'h5', openid: 'u1' });
    setClockOffset((SESSION_TTL_SECONDS + 1) * 1000);
    await expect(verifySessionToken(token)).rejects.toMatchObject({ status: 401, code: 'token_expired' });
  });

  it('refuses a token signed with another secret', async () => {
    const { token } = await issueSessionToken({ channelId: 'sandbox', platform: 'h5', openid: 'u1' });
    process.env.SESSION_SECRET = 'another-secret-another-secret-another-secret!!';
    await expect(verifySessionToken(token)).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
    process.env.SESSION_SECRET = 'unit-test-session-secret-unit-test-session-secret';
    await expect(verifySessionToken('not.a.jwt')).rejects.toMatchObject({ code: 'invalid_token' });
  });
});

describe('session tokens an attacker signs with the right key but the wrong lifetime (issue 9)', () => {
  const sign = async (claims: { exp?: number; iat?: number }) => {
    const { SignJWT } = await import('jose');
    const { createSecretKey } = await import('node:crypto');
    let jwt = new SignJWT({ ch: 'sandbox', pf: 'h5' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('essc').setAudience('essc-holder').setSubject('u1');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(createSecretKey(Buffer.from(process.env.SESSION_SECRET!, 'utf8')));
  };
  const nowS = () => Math.floor(Date.now() / 1000);

  it('refuses a token without exp', async () => {
    await expect(verifySessionToken(await sign({ iat: nowS() }))).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('refuses a token whose exp is later than the configured lifetime allows', async () => {
    await expect(verifySessionToken(await sign({ iat: nowS(), exp: nowS() + 10 * 365 * 86_400 }))).rejects.toMatchObject({
      status: 401,
      code: 'invalid_token',
    });
    // Without iat the lifetime is counted from now.
    await expect(verifySessionToken(await sign({ exp: nowS() + SESSION_TTL_SECONDS + 60 }))).rejects.toMatchObject({ code: 'invalid_token' });
    expect(await verifySessionToken(await sign({ iat: nowS(), exp: nowS() + SESSION_TTL_SECONDS }))).toMatchObject({ openid: 'u1' });
  });
});
