/**
 * The isolation sweep: every partner route that names a resource, and every holder route that
 * names another holder's, driven from channel B against channel A's resources (A's key, user,
 * webhook endpoint, delivery, tier-2 channel; A's holder's card and face check). Each answer
 * is 403 or 404 and carries none of A's data. The routes come from serverless.yml, so a new
 * route with a path parameter fails here until it has a case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKeys, createChannel } from '../../functions/channels/operations.js';
import { createEndpoint } from '../../functions/webhooks/endpoints.js';
import { putDelivery } from '../../functions/webhooks/delivery.store.js';
import { issueSessionToken } from '../../functions/core/session/sessionToken.js';
import { invoke, routeEvent } from '../unit/support/lambda.js';
import { signedRouteEvent, type TestSigner } from '../support/signedEvent.js';
import { peopleFor } from '../support/people.js';
import { loadRoutes, type LoadedRoute } from '../../scripts/lib/routes.js';
import { claimAs, faceCheck, startFace, stopFace } from './support.js';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { getInstitution } from '../../functions/institutions/institution.store.js';
import { pushBill } from '../../functions/bills/push.js';
import { fileOutOfArea } from '../../functions/outOfArea/filings.js';
import { notifyHolder } from '../../functions/notifications/notify.js';
import { notificationPublicId } from '../../functions/notifications/notification.rules.js';

const people = peopleFor(import.meta.url);
const PIN = '246813';
const RUN = Date.now().toString(36);

async function bank(name: string): Promise<TestSigner & { channelId: string }> {
  const id = `it-iso-${name}-${RUN}`;
  await createChannel({ id, name: `隔离${name}`, platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 1, category: 'bank', services: ['claim', 'codes', 'settlement', 'family', 'pension'] });
  const key = await channelKeys.create(id, { algorithm: 'HMAC-SHA256' });
  return { header: 'x-essc-channel', id, channelId: id, keyId: key.keyId, secret: key.secret! };
}

let routes: LoadedRoute[];
beforeAll(async () => {
  process.env.H5_APP_URL = 'http://127.0.0.1:10087/';
  await startFace();
  routes = await loadRoutes();
});
afterAll(stopFace);

describe('channel B against channel A', () => {
  it('every partner and holder route naming A’s resources answers 403 or 404, and nothing of A', async () => {
    const a = await bank('a');
    const b = await bank('b');
    const holderA = await claimAs(people.claimable(0), PIN, { channelId: a.channelId, platform: 'h5', openid: `iso-a-${RUN}` });
    const holderB = await claimAs(people.claimable(1), PIN, { channelId: b.channelId, platform: 'h5', openid: `iso-b-${RUN}` });
    const faceA = await faceCheck(holderA.session, 'unlock', 'pass');
    const endpoint = await createEndpoint(a.channelId, { url: 'http://127.0.0.1:9/hook', events: ['card.claimed'] });
    const deliveryId = `wd_iso${RUN}`;
    await putDelivery({ id: deliveryId, ownerId: a.channelId, endpointId: endpoint.id, eventId: `ev_${RUN}`, eventType: 'card.claimed', payload: '{}', status: 'delivered', attempts: [], createdAt: new Date().toISOString(), version: 0 });
    const childId = `it-iso-child-${RUN}`;
    await createChannel({ id: childId, name: '隔离分行', platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 2, parentId: a.channelId, category: 'bank', services: ['codes'] });
    const bToken = (await issueSessionToken(holderB.session)).token;
    const pharmacy = (await getInstitution('demo-pharmacy'))!;
    const { patientRef } = await verifyCode(pharmacy.id, (await issueCode(holderA.session)).code, 'query');
    const billA = await pushBill(pharmacy, { patientRef, institutionOrderId: `iso-${RUN}`, kind: 'pharmacy', items: [{ code: 'A', name: '药', class: 'A', quantity: 1, unitPrice: 100 }] });
    const away = holderA.person.regionCode === '310100' ? '110100' : '310100';
    const filingA = await fileOutOfArea(holderA.session, { destinationRegion: away, kind: 'resettled_retiree', startDate: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), pledge: true });

    const noticeA = await notifyHolder({ eventId: `evt_iso${RUN}`, kind: 'pin_changed', cardId: holderA.cardId, at: new Date().toISOString(), data: {} });

    // A's resource for each path parameter, and a body that passes validation.
    const partnerCases: Record<string, { params: Record<string, string>; body?: unknown }> = {
      'PUT /v1/partner/channels/{channelId}': { params: { channelId: childId }, body: { name: '劫持' } },
      'POST /v1/partner/channels/{channelId}/keys': { params: { channelId: childId }, body: { algorithm: 'HMAC-SHA256' } },
      'POST /v1/partner/channels/{channelId}/state': { params: { channelId: childId }, body: { state: 'suspended' } },
      'DELETE /v1/partner/keys/{keyId}': { params: { keyId: a.keyId! } },
      'GET /v1/partner/users/{partnerUserId}': { params: { partnerUserId: holderA.session.openid } },
      'POST /v1/partner/webhook-deliveries/{id}/retry': { params: { id: deliveryId } },
      'DELETE /v1/partner/webhook-endpoints/{id}': { params: { id: endpoint.id } },
      'POST /v1/partner/webhook-endpoints/{id}/secret-rotation': { params: { id: endpoint.id } },
    };
    const holderCases: Record<string, { params: Record<string, string>; body?: unknown }> = {
      'POST /v1/face-verifications/{id}/result': { params: { id: faceA.id } },
      'DELETE /v1/family/helpers/{helperId}': { params: { helperId: holderA.cardId } },
      'PUT /v1/family/helpers/{helperId}/account-sharing': { params: { helperId: holderA.cardId }, body: { allowed: true, pin: PIN } },
      'DELETE /v1/family/members/{memberId}': { params: { memberId: holderA.cardId } },
      'PUT /v1/family/members/{memberId}/account-sharing': { params: { memberId: holderA.cardId }, body: { allowed: true, pin: PIN } },
      'POST /v1/family/members/{memberId}/codes': { params: { memberId: holderA.cardId } },
      'GET /v1/bills/{id}': { params: { id: billA.id } },
      'POST /v1/bills/{id}/payment': { params: { id: billA.id }, body: { pin: PIN } },
      'DELETE /v1/out-of-area-filings/{id}': { params: { id: filingA.id } },
      'DELETE /v1/cards/me/authorizations/{channelId}': { params: { channelId: a.channelId }, body: { pin: PIN, confirm: true } },
      // The id A's own list gives (it carries the time), so B's 404 is isolation, not a malformed id.
      'POST /v1/notifications/{id}/read': { params: { id: notificationPublicId(noticeA.at, noticeA.id) } },
    };
    // Routes whose ids A's holder has none of here (settlements, invitations, login requests) are swept by their own tests;
    // payment notifications are the providers' (public, verified, then the provider is asked: tests/integration/bills.test.ts);
    // a proof is public by design to whoever holds its id (its QR page) and its download needs the link's token (tests/integration/proofs.test.ts).
    const elsewhere = ['/v1/family/invitations/', '/v1/login-requests/', '/v1/settlements/', '/v1/portal/', '/v1/terminal/', '/v1/payments/', '/v1/proofs/', '/{proxy+}'];

    const named = routes.filter((r) => r.route.path.includes('{') && !elsewhere.some((p) => r.route.path.includes(p)));
    const keyOf = (r: LoadedRoute) => `${r.route.method} ${r.route.path}`;
    expect(named.map(keyOf).filter((k) => !(k in partnerCases) && !(k in holderCases))).toEqual([]);

    const answers: string[] = [];
    for (const r of named) {
      const k = keyOf(r);
      const c = partnerCases[k] ?? holderCases[k]!;
      const rawPath = Object.entries(c.params).reduce((p, [name, value]) => p.replace(`{${name}}`, encodeURIComponent(value)), r.route.path);
      const event =
        r.route.auth === 'channel'
          ? signedRouteEvent(b, r.route.method, r.route.path, { rawPath, pathParameters: c.params, ...(c.body !== undefined ? { body: c.body } : {}) })
          : routeEvent(r.route.method, r.route.path, { rawPath, pathParameters: c.params, headers: { authorization: `Bearer ${bToken}`, ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}) });
      const res = await invoke(r.handler, event);
      const text = JSON.stringify(res.body);
      // The one read a partner may make of any of its own user ids: B's answer is "nobody".
      if (k === 'GET /v1/partner/users/{partnerUserId}') {
        expect(res.body, k).toEqual({ partnerUserId: holderA.session.openid, bound: false });
      } else {
        answers.push(`${k} → ${res.statusCode} ${String((res.body as { code?: string }).code)}`);
        expect([403, 404], `${k}: ${res.statusCode} ${text}`).toContain(res.statusCode);
      }
      for (const secret of [holderA.cardId, holderA.person.name, holderA.person.idNumber, endpoint.secret, patientRef]) expect(text, k).not.toContain(secret);
    }
    expect(answers.length).toBe(named.length - 1);
  });
});
