/**
 * Rate limits (issue 9): counters in DynamoDB, 429 rate_limited with Retry-After, and a
 * request over the limit writes nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../functions/core/clock.js';
import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { claimCard } from '../../functions/cards/claim.js';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { holderRoute } from '../../functions/core/http/holderRoute.js';
import { issueSessionToken } from '../../functions/core/session/sessionToken.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { issueCode as issueCodeRoute } from '../../functions/codes/codesRoutes.js';
import { createSession } from '../../functions/sessions/sessionsRoutes.js';
import { makeCode } from '../../functions/codes/dynamicCode.rules.js';
import { getCode } from '../../functions/codes/code.store.js';
import { httpEvent, invoke } from '../unit/support/lambda.js';
import { claimAs, faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';

beforeAll(startFace);
afterAll(stopFace);

const bearer = async (session: { channelId: string; openid: string }) => `Bearer ${(await issueSessionToken({ ...session, platform: 'h5' })).token}`;

afterEach(() => setClockOffset(0));

/**
 * Limits count in fixed windows of the clock's minutes: a test that fills one starts just
 * after a window opens, so a slow machine cannot carry it over into the next.
 */
function atWindowStart(): void {
  setClockOffset(60_000 - (Date.now() % 60_000) + 200);
}

describe('the route limit', () => {
  it('counts while the handler runs; over the limit: 429 with Retry-After, and the handler’s write is held back', async () => {
    const marker = `it-limit-${Date.now()}`;
    let n = 0;
    const route = holderRoute({
      method: 'POST',
      path: '/it/limited',
      summary: 'a route with a small limit',
      success: 200,
      limit: { name: `it-small-${Date.now()}`, max: 3, windowSeconds: 60 },
      handler: async () => {
        n += 1;
        await ddb().send(new PutCommand({ TableName: tableName(), Item: { pk: `${marker}#${n}`, sk: 'X' } }));
        return { body: { n } };
      },
    });
    const authorization = await bearer(newSession());
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await invoke(route, httpEvent('httpApiGetCardsMe', { headers: { authorization } })));
    expect(answers.slice(0, 3).map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers[3]).toMatchObject({ statusCode: 429, body: { code: 'rate_limited', status: 429 } });
    expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(answers[3]!.headers['content-type']).toBe('application/problem+json');
    // The fourth handler ran its read part, but its write waited for the count and never happened.
    const fourth = await ddb().send(new GetCommand({ TableName: tableName(), Key: { pk: `${marker}#4`, sk: 'X' } }));
    expect(fourth.Item).toBeUndefined();
  });

  it('sessions are limited per source IP', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const login = (i: number) =>
      invoke(
        createSession,
        httpEvent('httpApiPostSessions', {
          body: JSON.stringify({ channelId: 'sandbox', platform: 'h5', loginCode: `sandbox:it-limit-${ip.replace(/\./g, '-')}-${i}` }),
          requestContext: { ...httpEvent('httpApiPostSessions').requestContext, http: { ...httpEvent('httpApiPostSessions').requestContext.http, sourceIp: ip } },
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await login(i)).statusCode);
    expect(statuses.slice(0, 120).filter((s) => s !== 201)).toEqual([]);
    expect(statuses[120]).toBe(429);
  }, 60_000);
});

describe('limits inside use cases', () => {
  it('identity checks are limited per ID number: the register answers 20 an hour for one person', async () => {
    const person = people.claimable(0);
    const tries = [];
    for (let i = 0; i < 21; i++) {
      tries.push(
        await claimCard(newSession(), { name: `${person.name}x`, idNumber: person.idNumber, faceVerificationId: 'fv_none', pin: PIN, consent: true }).catch(
          (e: { code: string }) => e.code,
        ),
      );
    }
    expect(tries.slice(0, 20).every((c) => c === 'identity_mismatch')).toBe(true);
    expect(tries[20]).toBe('rate_limited');
  });

  it('code issues are limited per channel user', async () => {
    const holder = await claimAs(people.claimable(1), PIN);
    const authorization = await bearer(holder.session);
    atWindowStart();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await invoke(issueCodeRoute, httpEvent('httpApiGetCardsMe', { headers: { authorization } }))).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('refused codes are limited per institution: after 60, even a good code is refused and not used up', async () => {
    const institution = `it-limits-${Date.now()}`;
    atWindowStart();
    for (let i = 0; i < 60; i++) {
      await expect(verifyCode(institution, makeCode(String(i).padStart(16, '0'), 'online'), 'query')).rejects.toMatchObject({ code: 'code_unknown' });
    }
    const holder = await claimAs(people.claimable(2), PIN);
    const { code } = await issueCode(holder.session);
    await expect(verifyCode(institution, code, 'query')).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
    expect((await getCode(code))!.status).toBe('active');
    // Another institution is not affected.
    await expect(verifyCode(`${institution}-other`, code, 'query')).resolves.toMatchObject({ status: 'normal' });
    void faceCheck;
  });
});
