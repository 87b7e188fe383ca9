/**
 * A partner launches the H5 card for its own user, in Chromium against the whole stack: the
 * bank's server (here, the test, signing as the seeded `demo-bank`) asks for a launch ticket
 * and registers a webhook endpoint; the user opens `launchUrl`, the ticket leaves the address
 * bar at once, the user claims a card (consent, identity, the sandbox face page, PIN) and
 * reports it lost; the bank receives `card.claimed` and `card.loss_reported`, verified with
 * the `standardwebhooks` package, and sees its user bound as a pairwise holderRef. Embedded
 * in a page of the bank's origin, the card tells the page what happened (postMessage).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SignedClient } from '../../scripts/lib/signedClient.js';
import { PORTS } from '../../scripts/lib/ports.js';
import { peopleFor } from '../support/people.js';
import { answerFacePage, claimUpToFace, textOf, typePin, useH5Browser, validPinFor, waitBackInApp } from './h5.js';

const people = peopleFor(import.meta.url);
const apiUrl = inject('apiUrl');
const faceUrl = inject('faceUrl').replace(/\/+$/, '');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const h5 = useH5Browser(apiUrl);
const RUN = Date.now().toString(36);

const bank = new SignedClient({ apiUrl, signer: { header: 'x-essc-channel', id: 'demo-bank', secret: 'essc_test_demo-bank-secret-not-for-production' } });

let receiver: Server;
const deliveries: { headers: Record<string, string>; body: string }[] = [];
let hookUrl = '';
let secret = '';
let host: Server;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/essc-${RUN}`;
  const made = await bank.request('POST', '/v1/partner/webhook-endpoints', { body: { url: hookUrl, events: ['card.claimed', 'card.loss_reported'] } });
  expect(made.status).toBe(201);
  secret = made.body.secret;
  // The bank's own page, on its registered origin, embedding the card.
  host = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>演示银行</title><script>window.received=[];addEventListener('message',e=>received.push({origin:e.origin,data:e.data}))</script><iframe id="card" src="${src.replace(/"/g, '&quot;')}" width="390" height="700"></iframe>`);
  });
  await new Promise<void>((r) => host.listen(PORTS.e2e.bank, '127.0.0.1', r));
});
afterAll(async () => {
  receiver.closeAllConnections();
  receiver.close();
  host.closeAllConnections();
  host.close();
});

async function ticketFor(partnerUserId: string): Promise<string> {
  const res = await bank.request('POST', '/v1/partner/launch-tickets', { body: { partnerUserId } });
  expect(res.status).toBe(201);
  return res.body.launchUrl as string;
}

/** standardwebhooks' own check, "now" being when it was sent. */
function verify(d: { headers: Record<string, string>; body: string }) {
  return new Webhook(secret).verify(d.body, d.headers) as { type: string; data: Record<string, string> };
}

describe('a partner app launches the card', () => {
  it('launch ticket → claim → loss report; the bank gets verified webhooks and its user as a holderRef', async () => {
    const person = people.claimable(0);
    const pin = validPinFor(person.idNumber);
    const partnerUserId = `bank-user-${RUN}`;
    const launchUrl = await ticketFor(partnerUserId);
    expect(launchUrl.startsWith(`${h5Url}/`)).toBe(true);

    const { page } = await h5.open();
    await page.goto(launchUrl);
    await page.locator('#index-unclaimed').waitFor();
    // The ticket left the address bar at once; the channel stays for the visit.
    expect(page.url()).not.toContain('ticket=');

    await claimUpToFace(page, person);
    await page.locator('#face-start').click();
    await answerFacePage(page, faceUrl, 'pass');
    await waitBackInApp(page, h5Url, 'pages/claim/index');
    // The face result's first call may load its function cold (serverless-offline on 2 busy cores).
    await page.locator('#pin-phase').waitFor({ timeout: 60_000 });
    const claimPage = page.locator('#page-claim', { has: page.locator('#pin-phase') });
    await typePin(claimPage, page.locator('#pin-first-dots'), pin);
    await expect.poll(() => page.locator('#pin-phase').getAttribute('data-phase')).toBe('confirm');
    await typePin(claimPage, page.locator('#pin-confirm-dots'), pin);
    await page.locator('#pin-confirm-next[aria-disabled="false"]').click();
    await page.locator('#claim-success').waitFor();

    // The bank: its user is bound, known only as a holderRef.
    const user = await bank.request('GET', `/v1/partner/users/${partnerUserId}`);
    expect(user.body).toMatchObject({ partnerUserId, bound: true, holderRef: expect.stringMatching(/^hr_/), cardStatus: 'normal' });
    expect(JSON.stringify(user.body)).not.toContain(person.idNumber);

    // A loss report with the PIN, from the app's settings.
    await page.locator('#claim-done').click();
    await page.locator('#go-settings').click();
    const settingsStatus = page.locator('#settings-status');
    await settingsStatus.waitFor();
    await page.locator('#loss-temporary').click();
    const sheet = page.locator('#pin-sheet');
    await sheet.waitFor();
    await typePin(sheet, page.locator('#pin-sheet-dots'), pin);
    await expect.poll(() => page.locator('#pin-sheet-dots').getAttribute('data-filled')).toBe('6');
    await page.locator('#pin-submit[aria-disabled="false"]').click();
    await expect.poll(() => textOf(settingsStatus)).toBe('临时挂失');

    await expect.poll(() => deliveries.filter((d) => d.body.includes(partnerUserId)).length, { timeout: 20_000 }).toBe(2);
    const events = deliveries.filter((d) => d.body.includes(partnerUserId)).map(verify);
    expect(events.map((e) => [e.type, e.data.cardStatus])).toEqual([
      ['card.claimed', 'normal'],
      ['card.loss_reported', 'lost_temporary'],
    ]);
    expect(events.every((e) => e.data.holderRef === user.body.holderRef)).toBe(true);
  }, 120_000);

  it('embedded in the bank’s page, the card posts to that origin only; a replayed ticket opens nothing', async () => {
    const launchUrl = await ticketFor(`bank-embed-${RUN}`);
    const { page } = await h5.open();
    const hostUrl = `http://127.0.0.1:${PORTS.e2e.bank}/?src=${encodeURIComponent(launchUrl)}`;
    await page.goto(hostUrl);
    const frame = page.frameLocator('#card');
    await frame.locator('#index-unclaimed').waitFor();
    const inner = page.frames().find((f) => f.url().startsWith(h5Url))!;
    expect(inner.url()).not.toContain('ticket=');
    // Leaving the card tells the host it closed.
    await page.evaluate(() => document.getElementById('card')!.setAttribute('src', 'about:blank'));
    await expect.poll(() => page.evaluate(() => (window as unknown as { received: { origin: string; data: { source: string; type: string } }[] }).received)).toEqual([
      { origin: h5Url, data: { source: 'essc', type: 'closed' } },
    ]);

    // The same ticket again (a copied URL): no session, the app falls back to asking again.
    const replay = await fetch(`${apiUrl}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'demo-bank', platform: 'h5', loginCode: `ticket:${new URL(launchUrl).searchParams.get('ticket')}` }),
    });
    expect(replay.status).toBe(401);
    expect((await replay.json()).code).toBe('invalid_ticket');
  }, 60_000);
});
