/**
 * Webhooks end to end on DynamoDB Local: card changes write outbox events in their own
 * transactions; the local worker reads the table's stream (the relay) and delivers to a
 * local receiver, which fails the first attempts (500, a timeout, 503) and then accepts.
 * The delivery log shows every attempt; the receiver sees one webhook-id for all of them;
 * signatures verify with the `standardwebhooks` package, both during a secret rotation.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setClockOffset } from '../../functions/core/clock.js';
import { createChannel } from '../../functions/channels/operations.js';
import { reportLoss, liftLoss } from '../../functions/cards/lossReport.js';
import { unbindCurrentChannel } from '../../functions/cards/unbind.js';
import { createEndpoint, deliveriesOf, retryDelivery, rotateEndpointSecret } from '../../functions/webhooks/endpoints.js';
import { listEndpoints } from '../../functions/webhooks/endpoint.store.js';
import { putDelivery } from '../../functions/webhooks/delivery.store.js';
import { holderRefOf } from '../../functions/partners/holderRef.js';
import { startWebhookWorker, type WebhookWorker } from '../../scripts/lib/webhookWorker.js';
import { peopleFor } from '../support/people.js';
import { claimAs, faceCheck, startFace, stopFace } from './support.js';

const people = peopleFor(import.meta.url);
const PIN = '246810';
const RUN = Date.now().toString(36);

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base = '';
const received: Received[] = [];
/** Per path, the answers to give in turn: a status, or 'hang' (never answer). */
const script = new Map<string, (number | 'hang')[]>();

let worker: WebhookWorker;
let offset = 0;

beforeAll(async () => {
  await startFace();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const answer = script.get(req.url ?? '')?.shift() ?? 204;
      if (answer === 'hang') return;
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = await startWebhookWorker({ endpoint: process.env.DYNAMODB_ENDPOINT!, tableName: process.env.TABLE_NAME!, pollMs: 50 });
});
afterAll(async () => {
  setClockOffset(0);
  await worker.stop();
  server.closeAllConnections();
  server.close();
  await stopFace();
});

async function newBank(name: string) {
  const id = `it-wh-${name}-${RUN}`;
  await createChannel({ id, name: `Webhook银行${name}`, platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 1, category: 'bank', services: ['claim', 'codes'] });
  return id;
}

/** Lets the worker relay and deliver; moves the clock past every retry, `rounds` times. */
async function settle(rounds = 0) {
  await worker.idle(1000);
  for (let i = 0; i < rounds; i++) {
    offset += 3_600_000;
    setClockOffset(offset);
    worker.flush();
    await worker.idle(1000);
  }
}

const at = (path: string) => received.filter((r) => r.path === path);

/**
 * standardwebhooks' own verification (signature, and a timestamp within 5 minutes of "now"):
 * "now" is the moment it was sent, since this file moves essc's clock ahead to pass retries.
 */
function verified(secret: string, r: Received): unknown {
  const spy = vi.spyOn(Date, 'now').mockReturnValue(Number(r.headers['webhook-timestamp']) * 1000 + 500);
  try {
    return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
  } finally {
    spy.mockRestore();
  }
}

describe('webhooks', () => {
  it('an event for every card change, none for a refused one; retries keep one webhook-id until a 2xx', async () => {
    const channelId = await newBank('a');
    const path = `/hook-${RUN}`;
    const { secret, id: endpointId } = await createEndpoint(channelId, { url: `${base}${path}`, events: ['card.claimed', 'card.loss_reported', 'card.loss_lifted', 'binding.removed'] });
    expect(secret).toMatch(/^whsec_/);
    script.set(path, [500, 'hang', 503]);

    const holder = await claimAs(people.claimable(0), PIN, { channelId, platform: 'h5', openid: `bank-user-${RUN}` });
    await settle(0);
    // The first attempt failed (500); the next waits for its backoff: it is pending.
    const first = (await deliveriesOf(channelId, {})).deliveries;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ type: 'card.claimed', status: 'pending', endpointId, attempts: [{ statusCode: 500 }] });
    await settle(3);
    const log = (await deliveriesOf(channelId, {})).deliveries[0]!;
    expect(log.status).toBe('delivered');
    expect(log.attempts.map((a) => a.statusCode ?? a.error)).toEqual([500, 'timeout after 10 s', 503, 204]);
    for (const a of log.attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);

    const claimed = at(path);
    expect(claimed).toHaveLength(4);
    expect(new Set(claimed.map((r) => r.headers['webhook-id']))).toEqual(new Set([log.id]));
    for (const r of claimed) expect(verified(secret, r)).toMatchObject({ type: 'card.claimed' });
    expect(() => verified('whsec_' + Buffer.from('another secret of 24 bytes').toString('base64'), claimed[0]!)).toThrow();
    const body = JSON.parse(claimed[0]!.body);
    expect(body).toEqual({
      type: 'card.claimed',
      timestamp: expect.any(String),
      data: { holderRef: await holderRefOf(channelId, holder.cardId), partnerUserId: `bank-user-${RUN}`, cardStatus: 'normal' },
    });
    for (const secretish of [holder.cardId, holder.person.name, holder.person.idNumber]) expect(claimed[0]!.body).not.toContain(secretish);

    // A refused change (wrong PIN) writes no event; the loss report, its lift and the unbinding each one.
    await expect(reportLoss(holder.session, 'temporary', '000000')).rejects.toMatchObject({ code: 'wrong_pin' });
    await reportLoss(holder.session, 'temporary', PIN);
    const face = await faceCheck(holder.session, 'unlock', 'pass', holder.person);
    await liftLoss(holder.session, PIN, face.id);
    const unbindFace = await faceCheck(holder.session, 'unbind', 'pass', holder.person);
    await unbindCurrentChannel(holder.session, { faceVerificationId: unbindFace.id });
    await settle(0);
    const types = at(path).slice(4).map((r) => JSON.parse(r.body) as { type: string; data: { cardStatus: string } });
    expect(types.map((t) => [t.type, t.data.cardStatus])).toEqual([
      ['card.loss_reported', 'lost_temporary'],
      ['card.loss_lifted', 'normal'],
      ['binding.removed', 'normal'],
    ]);
  }, 60_000);

  it('a 410 disables the endpoint; a manual retry sends again with the same webhook-id; a rotated secret signs beside the old one', async () => {
    const channelId = await newBank('b');
    const gone = `/gone-${RUN}`;
    const ok = `/ok-${RUN}`;
    script.set(gone, [410]);
    await createEndpoint(channelId, { url: `${base}${gone}`, events: ['card.claimed'] });
    const good = await createEndpoint(channelId, { url: `${base}${ok}`, events: ['card.claimed', 'card.loss_reported'] });
    const { secret: newer } = await rotateEndpointSecret(channelId, good.id);

    const holder = await claimAs(people.claimable(1), PIN, { channelId, platform: 'h5', openid: `bank-user-b-${RUN}` });
    await settle(0);
    expect(at(gone)).toHaveLength(1);
    expect((await listEndpoints(channelId)).find((e) => e.url.endsWith(gone))).toMatchObject({ state: 'disabled' });
    const delivered = at(ok)[0]!;
    expect(String(delivered.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [good.secret, newer]) expect(verified(s, delivered)).toMatchObject({ type: 'card.claimed' });

    // The disabled endpoint gets nothing more; the manual retry keeps the webhook-id.
    await reportLoss(holder.session, 'temporary', PIN);
    await settle(0);
    expect(at(gone)).toHaveLength(1);
    const done = (await deliveriesOf(channelId, { status: 'delivered' })).deliveries.find((d) => d.type === 'card.claimed')!;
    await retryDelivery(channelId, done.id);
    await settle(0);
    expect(at(ok).filter((r) => r.headers['webhook-id'] === done.id)).toHaveLength(2);
    await expect(retryDelivery(`${channelId}-other`, done.id)).rejects.toMatchObject({ status: 404, code: 'webhook_delivery_not_found' });

    // After 24 h only the new secret signs.
    offset += 24 * 3_600_000 + 1000;
    setClockOffset(offset);
    await retryDelivery(channelId, done.id);
    await settle(0);
    const later = at(ok).at(-1)!;
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verified(newer, later)).toMatchObject({ type: 'card.claimed' });
    expect(() => verified(good.secret, later)).toThrow();
  }, 60_000);

  it('refuses endpoint URLs that are not https (plain http only to loopback on local stages) or carry credentials', async () => {
    const channelId = await newBank('c');
    for (const url of ['ftp://x.example/h', 'http://hooks.example/h', 'https://user:pw@hooks.example/h', 'not a url', `https://x.example/${'a'.repeat(500)}`]) {
      await expect(createEndpoint(channelId, { url, events: ['card.claimed'] }), url).rejects.toMatchObject({ status: 422, code: 'invalid_webhook_url' });
    }
    expect((await createEndpoint(channelId, { url: 'https://hooks.example/h', events: ['card.claimed'] })).url).toBe('https://hooks.example/h');
  });
});

describe('the delivery log', () => {
  it('filters in DynamoDB and fills each page: a rare status is found at once, a common one pages on', async () => {
    const channelId = `it-log-${Date.now().toString(36)}`;
    const base = Date.parse('2026-11-30T00:00:00Z');
    const put = (i: number, endpointId: string, status: 'delivered' | 'failed') =>
      putDelivery({ id: `wd_${channelId}_${i}`, ownerId: channelId, endpointId, eventId: `ev_${i}`, eventType: 'card.claimed', payload: '{}', status, attempts: [], createdAt: new Date(base + i * 1000).toISOString(), version: 0 });
    // The 5 failed ones are the oldest: the newest 55 would fill an unfiltered page of 50.
    for (let i = 0; i < 5; i++) await put(i, 'we_y', 'failed');
    for (let i = 5; i < 60; i++) await put(i, 'we_x', 'delivered');

    const failed = await deliveriesOf(channelId, { status: 'failed' });
    expect(failed.deliveries.map((d) => d.id)).toEqual([4, 3, 2, 1, 0].map((i) => `wd_${channelId}_${i}`));
    expect(failed.cursor).toBeUndefined();
    expect((await deliveriesOf(channelId, { endpointId: 'we_y' })).deliveries).toHaveLength(5);

    const first = await deliveriesOf(channelId, { status: 'delivered' });
    expect(first.deliveries).toHaveLength(50);
    const second = await deliveriesOf(channelId, { status: 'delivered', cursor: first.cursor });
    expect(second.deliveries).toHaveLength(5);
    expect(new Set([...first.deliveries, ...second.deliveries].map((d) => d.id)).size).toBe(55);
  });
});
