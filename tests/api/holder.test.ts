import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readServerless } from '../../scripts/lib/routes.js';
import { DEMO_HOLDER } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';
import { call, expectProblem, face, login } from './client.js';

const people = peopleFor(import.meta.url);
const person = (i: number) => people.claimable(i);
const PIN = '258013';

describe('holder API through serverless-offline', () => {
  it('answers health and publishes an OpenAPI document covering every route in serverless.yml', async () => {
    expect(await call('GET', '/v1/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const doc = await call('GET', '/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const sls = readServerless();
    const deployed = Object.values(sls.functions).flatMap((f) => (f.events ?? []).flatMap((e) => (e.httpApi ? [`${e.httpApi.method} ${e.httpApi.path}`] : [])));
    expect(documented.sort()).toEqual(deployed.sort());
    const claim = doc.body.paths['/v1/cards/claims'].post.requestBody.content['application/json'].schema;
    expect(claim.required).toEqual(expect.arrayContaining(['name', 'idNumber', 'faceVerificationId', 'pin', 'consent']));
  });

  it('logs in through the sandbox channel and refuses bad logins by field', async () => {
    expect(await login('api-user-1')).toMatch(/^ey/);
    expectProblem(await call('POST', '/v1/sessions', { body: { channelId: 'sandbox', platform: 'weapp', loginCode: 'sandbox:x' } }), 422, 'platform_mismatch');
    expectProblem(await call('POST', '/v1/sessions', { body: { channelId: 'nope', platform: 'h5', loginCode: 'sandbox:x' } }), 422, 'invalid_channel');
    expectProblem(await call('POST', '/v1/sessions', { body: { channelId: 'demo-portal', platform: 'h5', loginCode: 'sandbox:x' } }), 422, 'invalid_channel');
    expectProblem(await call('POST', '/v1/sessions', { body: { channelId: 'sandbox', platform: 'h5', loginCode: 'wx:abc' } }), 401, 'login_code_rejected');
    const missing = await call('POST', '/v1/sessions', { body: {} });
    expectProblem(missing, 400, 'invalid_request');
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channelId', 'loginCode', 'platform']);
    expectProblem(await call('POST', '/v1/sessions', { raw: '{oops', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  });

  it('the demo holder is already claimed, with a masked card', async () => {
    const token = await login('demo-holder');
    const me = await call('GET', '/v1/cards/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.card).toMatchObject({ status: 'normal', maskedIdNumber: expect.stringMatching(/^\d{4}\*{10}[\dX]{4}$/) });
    expect(JSON.stringify(me.body)).not.toContain(DEMO_HOLDER.idNumber);
  });

  it('claims end to end: face check, PIN, card; then loss report and lift', async () => {
    const p = person(0);
    const token = await login('api-claimer-1');
    expectProblem(await call('GET', '/v1/cards/me', { token }), 404, 'card_not_found');
    const f = await face(token, 'claim', 'pass', p);
    expect(f.result.body).toMatchObject({ status: 'passed', attemptsLeft: 3 });
    const claim = await call('POST', '/v1/cards/claims', { token, body: { name: p.name, idNumber: p.idNumber, faceVerificationId: f.id, pin: PIN, consent: true } });
    expect(claim.status).toBe(201);
    expect(claim.body.card.status).toBe('normal');

    const report = await call('POST', '/v1/cards/me/loss-reports', { token, body: { kind: 'temporary', pin: PIN } });
    expect(report.body.card).toMatchObject({ status: 'lost_temporary', lossReport: { kind: 'temporary' } });
    const unlock = await face(token, 'unlock', 'pass');
    const lift = await call('DELETE', '/v1/cards/me/loss-reports', { token, body: { pin: PIN, faceVerificationId: unlock.id } });
    expect(lift).toMatchObject({ status: 200, body: { card: { status: 'normal' } } });

    const unbind = await call('DELETE', '/v1/cards/me/bindings/current', { token, body: { pin: PIN } });
    expect(unbind.status).toBe(204);
    expectProblem(await call('GET', '/v1/cards/me', { token }), 404, 'card_not_found');
  });

  it('refuses bad claims with the field named and writes nothing', async () => {
    const p = person(1);
    const token = await login('api-claimer-2');
    const noConsent = await call('POST', '/v1/cards/claims', { token, body: { name: p.name, idNumber: p.idNumber, faceVerificationId: 'fv_x', pin: PIN, consent: false } });
    expectProblem(noConsent, 400, 'invalid_request');
    expect(noConsent.body.errors).toEqual([{ field: 'consent', message: expect.any(String) }]);
    const malformed = await call('POST', '/v1/cards/claims', { token, body: { name: p.name, idNumber: '12345', faceVerificationId: 'fv_x', pin: '12', consent: true } });
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['idNumber', 'pin']);
    const badDigit = p.idNumber.slice(0, 17) + (p.idNumber.endsWith('1') ? '2' : '1');
    expectProblem(await call('POST', '/v1/cards/claims', { token, body: { name: p.name, idNumber: badDigit, faceVerificationId: 'fv_x', pin: PIN, consent: true } }), 400, 'invalid_id_number');
    const failed = await face(token, 'claim', 'fail', p);
    expect(failed.result.body).toMatchObject({ status: 'failed', attemptsLeft: 2 });
    expectProblem(await call('POST', '/v1/cards/claims', { token, body: { name: p.name, idNumber: p.idNumber, faceVerificationId: failed.id, pin: PIN, consent: true } }), 422, 'face_verification_failed');
    expectProblem(await call('GET', '/v1/cards/me', { token }), 404, 'card_not_found');
  });

  it('refuses missing, malformed and tampered session tokens', async () => {
    expectProblem(await call('GET', '/v1/cards/me'), 401, 'missing_token');
    expectProblem(await call('GET', '/v1/cards/me', { token: 'abc.def.ghi' }), 401, 'invalid_token');
    const token = await login('api-user-3');
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ch: 'sandbox', pf: 'h5', sub: 'demo-holder', iss: 'essc', aud: 'essc-holder', exp: 4102444800 })).toString('base64url')}.${s}`;
    expectProblem(await call('GET', '/v1/cards/me', { token: forged }), 401, 'invalid_token');
  });

  it('never answers 5xx to arbitrary claim bodies', async () => {
    const token = await login('api-fuzz');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ name: fc.string(), idNumber: fc.string(), pin: fc.string(), consent: fc.boolean(), faceVerificationId: fc.string() })), async (body) => {
        const res = await call('POST', '/v1/cards/claims', { token, body });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.code).toEqual(expect.any(String));
      }),
      { numRuns: 40 },
    );
  });

  it('shows the demo holder contribution records page by page and the pension status', async () => {
    const token = await login('demo-holder');
    const first = await call('GET', '/v1/records/contributions?type=medical&from=2024-01&to=2024-12', { token });
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeGreaterThan(0);
    expect(first.body.items.every((r: { type: string; month: string }) => r.type === 'medical' && r.month.startsWith('2024-'))).toBe(true);
    const bad = await call('GET', '/v1/records/contributions?from=2024-13', { token });
    expectProblem(bad, 400, bad.body.code);
    expect(JSON.stringify(bad.body.errors)).toContain('from');
    const pension = await call('GET', '/v1/pension-certification', { token });
    expect(pension).toMatchObject({ status: 200, body: { status: 'not_applicable' } });
  });
});

