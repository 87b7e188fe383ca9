import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { holderRoute } from '../../../../functions/core/http/holderRoute.js';
import { publicRoute } from '../../../../functions/core/http/route.js';
import { issueSessionToken } from '../../../../functions/core/session/sessionToken.js';
import { httpEvent, invoke } from '../../support/lambda.js';

beforeAll(() => {
  process.env.SESSION_SECRET = 'unit-test-session-secret-unit-test-session-secret';
});

const echo = publicRoute({
  method: 'POST',
  path: '/echo',
  summary: 'echo',
  success: 201,
  body: z.object({ name: z.string({ error: 'required' }), count: z.number().int().min(1) }),
  handler: async ({ body }) => ({ body }),
});
const secured = holderRoute({
  method: 'GET',
  path: '/secured',
  summary: 'secured',
  success: 200,
  // No table in unit tests: the rate limit is tested against DynamoDB Local (integration/limits.test.ts).
  limit: false,
  handler: async ({ session }) => ({ body: { channel: session.channelId } }),
});
const crashing = publicRoute({
  method: 'GET',
  path: '/crash',
  summary: 'crash',
  success: 200,
  handler: async () => {
    throw new Error('database exploded with 110105194912310021 inside');
  },
});

describe('route(): parse, validate, authenticate, answer problem+json', () => {
  it('passes a valid body to the handler', async () => {
    const res = await invoke(echo, httpEvent('httpApiPostSessions', { body: JSON.stringify({ name: 'a', count: 2 }) }));
    expect(res.statusCode).toBe(201);
    expect(res.body).toEqual({ name: 'a', count: 2 });
  });

  it('names every invalid field', async () => {
    const res = await invoke(echo, httpEvent('httpApiPostSessions', { body: JSON.stringify({ count: 0 }) }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, code: 'invalid_request', title: 'Bad Request' });
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['count', 'name']);
    expect(res.body.type).toMatch(/invalid_request$/);
  });

  it('refuses a missing body, non-JSON, a wrong content type and an oversized body', async () => {
    const missing = await invoke(echo, httpEvent('httpApiPostSessions', { body: undefined }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'body', message: expect.any(String) }]);

    const notJson = await invoke(echo, httpEvent('httpApiPostSessions', { body: '{"name": ' }));
    expect(notJson.body).toMatchObject({ status: 400, code: 'invalid_json', errors: [{ field: 'body' }] });

    const form = await invoke(
      echo,
      httpEvent('httpApiPostSessions', { body: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(form.body).toMatchObject({ status: 415, code: 'unsupported_media_type' });

    const big = await invoke(echo, httpEvent('httpApiPostSessions', { body: JSON.stringify({ name: 'x'.repeat(20_000), count: 1 }) }));
    expect(big.body).toMatchObject({ status: 413, code: 'body_too_large' });
  });

  it('requires a valid, unexpired session token', async () => {
    const none = await invoke(secured, httpEvent('httpApiGetCardsMe', { headers: { authorization: '' } }));
    expect(none.body).toMatchObject({ status: 401, code: 'missing_token' });

    // A valid token's call also reads its channel's state: tests/integration/channels.test.ts.
    const { token } = await issueSessionToken({ channelId: 'sandbox', platform: 'h5', openid: 'u1' });

    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, ch: 'other' })).toString('base64url')}.${s}`;
    const tampered = await invoke(secured, httpEvent('httpApiGetCardsMe', { headers: { authorization: `Bearer ${forged}` } }));
    expect(tampered.body).toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('turns an unexpected error into a bare 500 that reveals nothing', async () => {
    const res = await invoke(crashing, httpEvent('httpApiGetCardsMe'));
    expect(res.statusCode).toBe(500);
    expect(res.body).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(res.body)).not.toContain('exploded');
  });
});

describe('route(): bodies that are JSON but not objects', () => {
  it.each(['false', '0', 'null', '"text"', '[]'])('refuses %s as the body, naming it', async (raw) => {
    const res = await invoke(echo, httpEvent('httpApiPostSessions', { body: raw }));
    expect(res.statusCode).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body', message: expect.any(String) }]);
  });

  it('copes with a body handed over already parsed (serverless-offline does this for primitives)', async () => {
    const res = await invoke(echo, httpEvent('httpApiPostSessions', { body: false as unknown as string }));
    expect(res.statusCode).toBe(400);
  });
});

describe('route(): only application/json bodies (issue 9)', () => {
  it.each([
    ['application/merge-patch+json'],
    ['application/vnd.api+json'],
    ['text/plain'],
    ['application/jsonp'],
  ])('refuses %s with 415', async (type) => {
    const res = await invoke(echo, httpEvent('httpApiPostSessions', { body: JSON.stringify({ name: 'a', count: 1 }), headers: { 'content-type': type } }));
    expect(res.body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('refuses a body without a content type, and takes application/json with a charset', async () => {
    const event = httpEvent('httpApiPostSessions', { body: JSON.stringify({ name: 'a', count: 1 }) });
    delete (event.headers as Record<string, string>)['content-type'];
    delete (event.headers as Record<string, string>)['Content-Type'];
    expect((await invoke(echo, event)).body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    const ok = await invoke(echo, httpEvent('httpApiPostSessions', { body: JSON.stringify({ name: 'a', count: 1 }), headers: { 'content-type': 'application/json; charset=utf-8' } }));
    expect(ok.statusCode).toBe(201);
  });

  it('answers with no-store and nosniff, so no cache keeps a holder’s data', async () => {
    const { token } = await issueSessionToken({ channelId: 'sandbox', platform: 'h5', openid: 'u1' });
    const ok = await invoke(secured, httpEvent('httpApiGetCardsMe', { headers: { authorization: `Bearer ${token}` } }));
    expect(ok.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const refused = await invoke(secured, httpEvent('httpApiGetCardsMe', { headers: { authorization: '' } }));
    expect(refused.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  });
});
