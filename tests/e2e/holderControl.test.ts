/**
 * The holder in control (issue 12), end to end in headless Chromium against the whole local
 * stack: a holder revokes the demo bank app from 授权管理 in the H5 app (the bank's session
 * finds no card at once, and the bank's server gets binding.removed); a locked-out holder
 * resets the PIN with a face check and reports the card lost; a holder gets a proof of
 * insurance and its QR code's page says it is valid.
 *
 * Cards are claimed through the HTTP API first (that is not what these tests are about).
 */
import { describe, expect, inject, it } from 'vitest';
import { DEMO_BANK } from '../../scripts/bank/defaults.js';
import { createEsscClient, dataOf } from '@essc/sdk';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';
import { checkPin } from '../../functions/holder/pin.rules.js';
import { call, claimOverHttp, face } from '../api/client.js';
import { answerFacePage, newUserId, screenshot, textOf, typePin, useH5Browser, validPinFor, waitBackInApp } from './h5.js';
import { documentedFetch } from '../api/contract.js';

const apiUrl = inject('apiUrl');
const faceUrl = inject('faceUrl').replace(/\/+$/, '');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const people = peopleFor(import.meta.url);
const h5 = useH5Browser(apiUrl);
const RUN = Date.now().toString(36);

const bank = createEsscClient({ baseUrl: apiUrl, signer: { channelId: DEMO_BANK.channelId, key: { algorithm: 'HMAC-SHA256', keyId: DEMO_BANK.keyId, secret: DEMO_BANK.secret } }, fetch: documentedFetch });

async function claimed(tag: string, person: SeedPerson, pin: string) {
  const userId = newUserId(tag);
  return { userId, ...(await claimOverHttp(userId, person, pin)) };
}

/** The same person claims in the demo bank app: a launch ticket from the bank's server, a session, face, PIN. */
async function claimedInBank(person: SeedPerson, pin: string): Promise<string> {
  const launch = dataOf(await bank.POST('/v1/partner/launch-tickets', { body: { partnerUserId: `e2e-control-${RUN}` } }));
  const session = await call('POST', '/v1/sessions', { body: { channelId: DEMO_BANK.channelId, platform: 'h5', loginCode: `ticket:${launch.ticket}` } });
  if (session.status !== 201 && session.status !== 200) throw new Error(`bank session: ${session.status} ${JSON.stringify(session.body)}`);
  const token = session.body.token as string;
  const f = await face(token, 'claim', 'pass', person);
  const res = await call('POST', '/v1/cards/claims', { token, body: { name: person.name, idNumber: person.idNumber, faceVerificationId: f.id, pin, consent: true } });
  if (res.status !== 201) throw new Error(`bank claim: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

describe('授权管理 in the H5 app', () => {
  it('a holder revokes the demo bank app with the PIN; the bank’s session finds no card at once', async () => {
    const person = people.claimable(0);
    const pin = validPinFor(person.idNumber);
    const holder = await claimed('auth', person, pin);
    const bankToken = await claimedInBank(person, pin);
    expect((await call('GET', '/v1/cards/me', { token: bankToken })).status).toBe(200);

    const { page } = await h5.open();
    await page.goto(`${h5Url}/?user=${holder.userId}#/pages/authorizations/index`);
    const bankRow = page.locator(`#auth-channel-${DEMO_BANK.channelId}`);
    await bankRow.waitFor({ timeout: 20_000 });
    expect(await textOf(bankRow)).toContain('演示银行');
    expect(await textOf(page.locator('#auth-channel-sandbox'))).toContain('当前应用');
    await screenshot(page, 'control-authorizations');

    await page.locator(`#auth-revoke-${DEMO_BANK.channelId}`).click();
    await page.locator('#auth-revoke-pin').click();
    const sheet = page.locator('#pin-sheet');
    await sheet.waitFor();
    await typePin(sheet, page.locator('#pin-sheet-dots'), pin);
    await page.locator('#pin-submit[aria-disabled="false"]').click();
    await bankRow.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('#auth-channel-sandbox').count()).toBe(1);

    // The bank's live session has no card any more.
    const after = await call('GET', '/v1/cards/me', { token: bankToken });
    expect(after.status).toBe(404);
    expect(after.body.code).toBe('card_not_found');
  });
});

describe('a locked-out holder', () => {
  it('resets the PIN with a face check from the locked message, then reports the card lost with the new PIN', async () => {
    const person = people.claimable(1);
    const pin = validPinFor(person.idNumber);
    const holder = await claimed('locked', person, pin);
    // Five wrong PINs through the API lock it (how the holder got here is not what this test is about).
    for (let i = 0; i < 5; i++) await call('POST', '/v1/cards/me/loss-reports', { token: holder.token, body: { kind: 'temporary', pin: '000001' } });
    const locked = await call('POST', '/v1/cards/me/loss-reports', { token: holder.token, body: { kind: 'temporary', pin } });
    expect(locked.status).toBe(423);

    const { page } = await h5.open();
    await page.goto(`${h5Url}/?user=${holder.userId}#/pages/settings/index`);
    await page.locator('#settings-status').waitFor({ timeout: 20_000 });
    await page.locator('#loss-temporary').click();
    const sheet = page.locator('#pin-sheet');
    await sheet.waitFor();
    await typePin(sheet, page.locator('#pin-sheet-dots'), pin);
    await page.locator('#pin-submit[aria-disabled="false"]').click();
    await page.locator('#loss-locked').waitFor({ timeout: 15_000 });
    await screenshot(page, 'control-pin-locked');

    await page.locator('#pin-locked-reset').click();
    await page.locator('#pin-reset-face-start').click();
    await answerFacePage(page, faceUrl, 'pass');
    await waitBackInApp(page, h5Url, 'pages/pin-reset/index');
    const newPin = ['369024', '470135', '581246', '258013'].find((p) => p !== pin && checkPin(p, person.idNumber).ok)!;
    const resetPage = page.locator('#page-pin-reset');
    await expect.poll(() => page.locator('#pin-reset-phase').getAttribute('data-phase'), { timeout: 30_000 }).toBe('new');
    await typePin(resetPage, page.locator('#pin-new-dots'), newPin);
    await expect.poll(() => page.locator('#pin-reset-phase').getAttribute('data-phase')).toBe('confirm');
    await typePin(resetPage, page.locator('#pin-confirm-dots'), newPin);
    await page.locator('#pin-reset-submit').click();
    await page.locator('#pin-reset-done').waitFor({ timeout: 15_000 });

    await page.locator('#pin-reset-back').click();
    await page.locator('#settings-status').waitFor();
    await page.locator('#loss-temporary').click();
    await sheet.waitFor();
    await typePin(sheet, page.locator('#pin-sheet-dots'), newPin);
    await page.locator('#pin-submit[aria-disabled="false"]').click();
    await expect.poll(() => textOf(page.locator('#settings-status')), { timeout: 15_000 }).toBe('临时挂失');
    await screenshot(page, 'control-loss-reported');
    // The old PIN is gone for good.
    const card = await call('GET', '/v1/cards/me', { token: holder.token });
    expect(card.body.card.status).toBe('lost_temporary');
  });
});

describe('a proof of insurance (参保证明)', () => {
  it('the holder gets the PDF in the app and its QR code’s page says it is valid', async () => {
    // Someone insured for over a year, so the default period (the last 12 months) is theirs.
    const cutoff = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 7);
    const index = [2, 3, 4, 5, 6, 7, 8, 9].find((i) => people.claimable(i).insuredSince < cutoff)!;
    const person = people.claimable(index);
    const holder = await claimed('proof', person, validPinFor(person.idNumber));

    const { page, context } = await h5.open();
    await page.goto(`${h5Url}/?user=${holder.userId}#/pages/proof/index`);
    await page.locator('#proof-create').click();
    const result = page.locator('#proof-result');
    await result.waitFor({ timeout: 20_000 });
    const proofId = (await result.getAttribute('data-proof-id'))!;
    const url = (await result.getAttribute('data-url'))!;
    expect(proofId).toBeTruthy();
    expect(Date.parse((await result.getAttribute('data-expires-at'))!)).toBeGreaterThan(Date.now());
    await screenshot(page, 'control-proof-created');

    // 打开证明 opens the PDF through its link.
    const [popup] = await Promise.all([context.waitForEvent('page', { timeout: 15_000 }), page.locator('#proof-open').click()]);
    expect(popup.url()).toBe(url);
    const pdf = await fetch(url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The QR code's page, as anyone who scans it sees it.
    const check = await context.newPage();
    await check.goto(`${apiUrl.replace(/\/+$/, '')}/v1/proofs/${encodeURIComponent(proofId)}/verification`);
    await expect.poll(async () => (await check.locator('body').textContent()) ?? '', { timeout: 10_000 }).toContain('有效');
    expect((await check.locator('body').textContent()) ?? '').not.toContain('无效');
    expect((await check.locator('body').textContent()) ?? '').not.toContain(person.name);
    await screenshot(check, 'control-proof-verified');
  });
});
