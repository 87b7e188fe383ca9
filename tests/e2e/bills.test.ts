/**
 * Paying a pushed bill in the app, end to end in headless Chromium against the whole local
 * stack: the demo pharmacy's POS verifies the demo holder's code (挂号 01101) and gets a
 * patientRef, later pushes a bill to it; the holder pays it in the H5 app (the personal
 * account, then the cash remainder at the sandbox payer's cashier); the POS sees it paid and the
 * pharmacy's webhook receiver got `bill.paid`. The POS then refunds it all, which gives the demo
 * holder's balance back for the other e2e files.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { SignedClient } from '../../scripts/lib/signedClient.js';
import { DEMO_PHARMACY } from '../../scripts/terminal/defaults.js';
import { call, login } from '../api/client.js';
import { fen, screenshot, shownCode, textOf, useH5Browser } from './h5.js';
import { openPos } from './pos.js';
import { documentedFetch } from '../api/contract.js';

const apiUrl = inject('apiUrl');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const terminalUrl = inject('terminalUrl').replace(/\/+$/, '');
const DEMO_PIN = '135790';

const h5 = useH5Browser(apiUrl);
const received: { headers: Record<string, string>; body: string }[] = [];
let receiver: Server;
let hookUrl = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pharmacy-hooks`;
});
afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});

describe('a bill pushed by the pharmacy, paid in the app', () => {
  it('verify → push → the holder pays (account + sandbox cash) → the POS sees it paid → bill.paid delivered → refund', async () => {
    const terminal = new SignedClient({ apiUrl, signer: { header: 'x-essc-institution', id: DEMO_PHARMACY.id, secret: DEMO_PHARMACY.secret }, fetch: documentedFetch });
    const endpoint = await terminal.request('POST', '/v1/terminal/webhook-endpoints', { body: { url: hookUrl, events: ['bill.paid', 'bill.refunded'] } });
    expect(endpoint.status).toBe(201);
    const secret = (endpoint.body as { secret: string }).secret;

    // The demo holder's balance as it is now (another e2e file may have paid from it): the account pays up to it, cash the rest.
    const balance = (await call('GET', '/v1/accounts/me', { token: await login('demo-holder') })).body.balance as number;
    expect(balance).toBeLessThan(60_000);
    const cash = 60_000 - balance;
    const holder = await h5.open();
    const { page } = holder;
    await page.goto(`${h5Url}/?user=demo-holder`);
    await page.locator('#show-code').click();
    const code = await shownCode(page);

    // The pharmacy verifies the code at registration (挂号) and keeps the patientRef.
    const { context: posContext, pos } = await openPos(h5, terminalUrl);
    await pos.locator('#pos-business-type').selectOption('01101');
    await pos.locator('#pos-code').fill(code);
    await pos.locator('#pos-verify').click();
    await expect.poll(() => textOf(pos.locator('#pos-patient-ref')), { timeout: 15_000 }).toMatch(/pr_/);

    // Later: one self-paid item of ¥600, more than the personal account holds (¥500 seeded), so cash remains.
    while ((await pos.locator('.pos-item').count()) > 0) await pos.locator('.pos-item .pos-remove').first().click();
    await pos.locator('#pos-add-item').click();
    const row = pos.locator('.pos-item').first();
    await row.locator('.pos-item-code').fill('C9001');
    await row.locator('.pos-item-name').fill('自费检查');
    await row.locator('.pos-item-class').selectOption('C');
    await row.locator('.pos-item-price').fill('600.00');
    await pos.locator('#pos-push-bill').click();
    const billSection = pos.locator('#pos-bill-section');
    await expect.poll(() => billSection.getAttribute('data-status'), { timeout: 15_000 }).toBe('awaiting_payment');
    const billId = (await billSection.getAttribute('data-bill-id'))!;

    // The holder finds it under 线上缴费 and pays with the PIN, then the cash at the cashier.
    await page.goto(`${h5Url}/#/pages/index/index`);
    // Home tells the holder: a banner for the pushed bill.
    await page.locator('#bills-banner').click();
    await page.locator(`#bill-${billId}`).click();
    await page.locator('#bill-page').waitFor();
    expect(fen(await textOf(page.locator('#bill-total')))).toBe(60_000);
    await screenshot(page, 'bill-to-pay');
    for (const d of DEMO_PIN) await page.locator(`.pin-key-${d}`).first().click();
    await page.waitForURL(/\/pay\/sp_/, { timeout: 20_000 });
    expect(fen(await textOf(page.locator('#pay-amount')))).toBe(cash);
    await page.locator('#pay-confirm').click();
    // Back in the app: the bill page asks essc, which asks the payer.
    await page.waitForURL(/pages\/bill\/index/, { timeout: 20_000 });
    await expect.poll(() => page.locator('#bill-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('paid');
    await screenshot(page, 'bill-paid');

    // The POS polls the bill and shows it paid.
    await expect.poll(() => billSection.getAttribute('data-status'), { timeout: 15_000 }).toBe('paid');

    // The pharmacy's endpoint got bill.paid, signed, with its patientRef and no personal data.
    await expect.poll(() => received.filter((r) => r.body.includes(billId)).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const delivery = received.find((r) => r.body.includes(billId))!;
    const spy = vi.spyOn(Date, 'now').mockReturnValue(Number(delivery.headers['webhook-timestamp']) * 1000 + 500);
    try {
      expect(new Webhook(secret).verify(delivery.body, delivery.headers)).toMatchObject({ type: 'bill.paid', data: { billId, status: 'paid', split: { total: 60_000, cash } } });
    } finally {
      spy.mockRestore();
    }
    expect(delivery.body).not.toMatch(/demo-holder|card_demo/);

    // The POS refunds it all: the account and the cash go back.
    await pos.locator('#pos-bill-refund-kind').selectOption('all');
    await pos.locator('#pos-bill-refund').click();
    await expect.poll(() => billSection.getAttribute('data-status'), { timeout: 15_000 }).toBe('refunded');
    await page.reload();
    await expect.poll(() => page.locator('#bill-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('refunded');
    await page.locator('#bill-refunds').waitFor();
    await posContext.close();
  });
});
