/**
 * A channel partner's app in Chromium against the whole stack: the demo bank app 演示银行
 * (scripts/bank, built on the SDK) signs its user in, asks its own server for a launch
 * ticket and embeds the H5 card in an iframe; inside it the user claims a card (consent,
 * identity, the sandbox face page, PIN) and reports it lost. The bank's page then shows the
 * `card.claimed` and `card.loss_reported` webhooks its server received and verified with the
 * SDK, the card's own messages (postMessage, from the H5 origin only) and the user as a
 * pairwise holderRef, never a name or an ID number.
 */
import { createEsscClient, dataOf } from '@essc/sdk';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_BANK } from '../../scripts/bank/defaults.js';
import { peopleFor } from '../support/people.js';
import { answerFacePage, claimUpToFace, textOf, typePin, useH5Browser, validPinFor, waitBackInApp } from './h5.js';
import { documentedFetch } from '../api/contract.js';

const people = peopleFor(import.meta.url);
const apiUrl = inject('apiUrl');
const bankUrl = inject('bankUrl');
const faceUrl = inject('faceUrl').replace(/\/+$/, '');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const h5 = useH5Browser(apiUrl);
const RUN = Date.now().toString(36);

const bank = createEsscClient({ baseUrl: apiUrl, signer: { channelId: DEMO_BANK.channelId, key: { algorithm: 'HMAC-SHA256', keyId: DEMO_BANK.keyId, secret: DEMO_BANK.secret } }, fetch: documentedFetch });

/** Signs in to the bank as `user` and opens the card; the card's frame once it shows the app. */
async function openCardInBank(page: Page, user: string): Promise<Frame> {
  await page.goto(bankUrl);
  await page.locator('#login-user').fill(user);
  await page.locator('#login-submit').click();
  await page.locator('#bank-user').filter({ hasText: user }).waitFor();
  await expect.poll(() => textOf(page.locator('#card-status'))).toBe('尚未在本行领卡');
  await page.locator('#open-card').click();
  await page.locator('#card-frame:not([hidden])').waitFor();
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(h5Url))).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(h5Url))!;
  await frame.locator('#index-unclaimed').waitFor();
  return frame;
}

const webhookTypes = (page: Page) => page.locator('#webhook-events li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.type));
const cardMessages = (page: Page) => page.locator('#card-messages li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.type));

describe('the demo bank app embeds the card', () => {
  it('launch → claim → loss report inside the bank; the bank shows the verified webhooks and a holderRef', async () => {
    const person = people.claimable(0);
    const pin = validPinFor(person.idNumber);
    const user = `e2e-${RUN}`;
    const { page } = await h5.open();
    const card = await openCardInBank(page, user);
    // The ticket left the card's address at once.
    expect(card.url()).not.toContain('ticket=');

    await claimUpToFace(card, person);
    await card.locator('#face-start').click();
    await answerFacePage(card, faceUrl, 'pass');
    await waitBackInApp(card, h5Url, 'pages/claim/index');
    // The face result's first call may load its function cold (serverless-offline on 2 busy cores).
    await card.locator('#pin-phase').waitFor({ timeout: 60_000 });
    const claimPage = card.locator('#page-claim', { has: card.locator('#pin-phase') });
    await typePin(claimPage, card.locator('#pin-first-dots'), pin);
    await expect.poll(() => card.locator('#pin-phase').getAttribute('data-phase')).toBe('confirm');
    await typePin(claimPage, card.locator('#pin-confirm-dots'), pin);
    await card.locator('#pin-confirm-next[aria-disabled="false"]').click();
    await card.locator('#claim-success').waitFor();

    // The card told the bank's page; the bank's server got the verified webhook.
    await expect.poll(() => cardMessages(page)).toContain('claimed');
    await expect.poll(() => webhookTypes(page), { timeout: 20_000 }).toEqual(['card.claimed']);
    await expect.poll(() => textOf(page.locator('#card-status'))).toMatch(/^正常（本行可见的持卡人编号 hr_/);

    // A loss report with the PIN, from the card's settings.
    await card.locator('#claim-done').click();
    await card.locator('#go-settings').click();
    const settingsStatus = card.locator('#settings-status');
    await settingsStatus.waitFor();
    await card.locator('#loss-temporary').click();
    const sheet = card.locator('#pin-sheet');
    await sheet.waitFor();
    // The bank's status line above the frame grew with the holderRef after the claim, pushing the
    // frame's bottom (where the sheet sits, fixed) below the screen: the holder scrolls the bank's
    // page to it. Playwright does not scroll a parent page for a fixed element inside a frame.
    await page.locator('#card-frame').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await typePin(sheet, card.locator('#pin-sheet-dots'), pin);
    await expect.poll(() => card.locator('#pin-sheet-dots').getAttribute('data-filled')).toBe('6');
    await card.locator('#pin-submit[aria-disabled="false"]').click();
    // The loss report's first call may load its function cold (serverless-offline on 2 busy cores).
    await sheet.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await textOf(card.locator('#action-result'))).toContain('已临时挂失');
    await expect.poll(() => textOf(settingsStatus)).toBe('临时挂失');

    // Newest first, each once (a retried delivery keeps its webhook-id), all for one holderRef.
    await expect.poll(() => webhookTypes(page), { timeout: 20_000 }).toEqual(['card.loss_reported', 'card.claimed']);
    await expect.poll(() => textOf(page.locator('#card-status'))).toMatch(/^临时挂失/);
    const refs = await page.locator('#webhook-events li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.holderRef));
    const partnerUser = dataOf(await bank.GET('/v1/partner/users/{partnerUserId}', { params: { path: { partnerUserId: `bank-${user}` } } }));
    expect(partnerUser).toMatchObject({ bound: true, cardStatus: 'lost_temporary' });
    expect(refs).toEqual([partnerUser.holderRef, partnerUser.holderRef]);
    // Nothing personal reached the bank's page.
    const bankText = await page.locator('body').innerText();
    expect(bankText).not.toContain(person.idNumber);
    expect(bankText).not.toContain(person.name);
  }, 150_000);

  it('closing the card tells the bank; a copied launch URL opens nothing', async () => {
    const { page } = await h5.open();
    const card = await openCardInBank(page, `e2e-close-${RUN}`);
    const ticket = new URL(await page.locator('#card-frame').getAttribute('src') ?? '').searchParams.get('ticket')!;
    expect(ticket).toMatch(/^lt_/);
    expect(card.url()).not.toContain('ticket=');
    await page.locator('#logout').click();
    await expect.poll(() => cardMessages(page)).toEqual(['closed']);

    // The same ticket again: no session.
    const replay = await fetch(`${apiUrl}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'demo-bank', platform: 'h5', loginCode: `ticket:${ticket}` }),
    });
    expect(replay.status).toBe(401);
    expect((await replay.json()).code).toBe('invalid_ticket');
  }, 60_000);
});
