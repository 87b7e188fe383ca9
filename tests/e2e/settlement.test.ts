/**
 * Paying at the pharmacy, end to end in headless Chromium against the whole local stack:
 * the demo holder shows the dynamic code in the H5 app, the pharmacy POS simulator (the
 * real signed terminal API) pre-settles a bill with it, the app opens the payment
 * confirmation by itself and the holder confirms with the PIN, the POS settles, and the
 * app's records show the new balance and the transaction.
 */
import { describe, expect, inject, it } from 'vitest';
import { call, login } from '../api/client.js';
import { fen, screenshot, shownCode, textOf, useH5Browser } from './h5.js';
import { openPos, preSettleWithCode } from './pos.js';

const apiUrl = inject('apiUrl');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const terminalUrl = inject('terminalUrl').replace(/\/+$/, '');
const DEMO_PIN = '135790';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

const h5 = useH5Browser(apiUrl);

describe('paying with the dynamic code at the demo pharmacy', () => {
  it('code → POS pre-settles → holder confirms with the PIN → POS settles → records show it', async () => {
    // The balance as it is now: other e2e files pay from the demo holder's account too.
    const before = (await call('GET', '/v1/accounts/me', { token: await login('demo-holder') })).body.balance as number;
    const holder = await h5.open();
    const { page } = holder;
    await page.goto(`${h5Url}/?user=demo-holder`);
    await page.locator('#show-code').click();
    const code = await shownCode(page);
    await page.locator('#code-qr').waitFor({ state: 'visible' });
    await page.locator('#code-barcode').waitFor({ state: 'visible' });
    await screenshot(page, 'pay-code-shown');

    const { context: posContext, pos } = await openPos(h5, terminalUrl);
    const { status, total } = await preSettleWithCode(pos, code);
    expect(total).toBeGreaterThan(0);

    // The code page polls for pending settlements and opens the confirmation by itself.
    await page.locator('#pay-page').waitFor({ timeout: 20_000 });
    expect(fen(await textOf(page.locator('#pay-total')))).toBe(total);
    expect(await textOf(page.locator('#pay-institution'))).toContain('演示大药房');
    // Cash is no error: not in red, whatever the amount.
    expect(await page.locator('#pay-cash').evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(200, 22, 29)');

    // 暂不支付: the bill stays pending and home leads back to it.
    await page.locator('#pay-cancel').click();
    await page.locator('#page-code').waitFor();
    await page.goto(`${h5Url}/?user=demo-holder`);
    await page.locator('#pending-pay-banner').click();
    await page.locator('#pay-page').waitFor({ timeout: 20_000 });
    expect(fen(await textOf(page.locator('#pay-total')))).toBe(total);
    for (const d of DEMO_PIN) await page.locator(`#pay-page .pin-key-${d}, .pin-key-${d}`).first().click();
    await page.locator('#pay-confirmed').waitFor({ timeout: 15_000 });

    // The POS polls the settlement and shows the holder's confirmation by itself.
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('confirmed');
    await pos.locator('#pos-settle').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('settled');
    const personal = fen(await textOf(pos.locator('.pos-split-personal').first()));
    const pooled = fen(await textOf(pos.locator('.pos-split-pooled').first()));
    const cash = fen(await textOf(pos.locator('.pos-split-cash').first()));
    expect(personal + pooled + cash).toBe(total);
    await screenshot(pos, 'pay-pos-settled');
    await posContext.close();

    await page.goto(`${h5Url}/?user=demo-holder`);
    await page.locator('#go-records').click();
    await expect.poll(async () => textOf(page.locator('#account-balance'))).toBe(yuan(before - personal));
    const first = page.locator('.txn-item').first();
    expect(await textOf(first)).toContain('演示大药房');
    if (personal > 0) expect(await textOf(first)).toContain(yuan(personal).slice(1));
    await screenshot(page, 'pay-records');
    expect(holder.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
