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
