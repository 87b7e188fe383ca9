/**
 * Scan-to-login end to end in headless Chromium: the demo portal 演示政务服务网 shows its
 * QR code; the demo holder "scans" it in the H5 app (H5 has no camera scan: the app's login
 * page is opened with the QR's request id, as the scan would), sees which portal asks for
 * what, confirms with the PIN; the portal page shows the holder logged in with the ID
 * token verified against essc's JWKS. The test verifies the same token itself: it polls
 * essc as the portal (signed request) and checks the signature with the published keys.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { SignedClient } from '../../scripts/lib/signedClient.js';
import { DEMO_PORTAL } from '../../scripts/portal/defaults.js';
import { screenshot, textOf, useH5Browser } from './h5.js';
import { documentedFetch } from '../api/contract.js';

const apiUrl = inject('apiUrl');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const portalUrl = inject('portalUrl').replace(/\/+$/, '');
const DEMO_PIN = '135790';

const h5 = useH5Browser(apiUrl);

describe('scan-to-login at the demo portal', () => {
  it('portal QR → holder confirms with the PIN in the app → the portal shows the holder, token verified against the JWKS', async () => {
    const portalContext = await h5.browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const portal = await portalContext.newPage();
    await portal.goto(portalUrl);
    await portal.locator('#portal-login').click();
    const qr = portal.locator('#portal-qr-content');
    await expect.poll(() => qr.getAttribute('data-qr-content')).toMatch(/^essc:\/\/login\?r=lr_[A-Za-z0-9_-]{20}$/);
    const qrContent = (await qr.getAttribute('data-qr-content'))!;
    const requestId = new URL(qrContent.replace(/^essc:/, 'https:')).searchParams.get('r')!;
    await portal.locator('#portal-qr svg').waitFor();
    expect(await portal.locator('#portal-status').getAttribute('data-status')).toBe('pending');
    await screenshot(portal, 'login-portal-qr');

    const holder = await h5.open();
    const { page } = holder;
    await page.goto(`${h5Url}/?user=demo-holder#/pages/login/index?r=${requestId}`);
    await expect.poll(() => textOf(page.locator('#login-portal'))).toContain('演示政务服务网');
    expect(await textOf(page.locator('#login-scope'))).toContain('姓名');
    await page.locator('#login-confirm').click();
    const sheet = page.locator('#pin-sheet');
    await sheet.waitFor();
    for (const d of DEMO_PIN) await sheet.locator(`.pin-key-${d}`).click();
    if (await page.locator('#pin-submit').isVisible()) await page.locator('#pin-submit').click().catch(() => {});
    await page.locator('#login-done').waitFor({ timeout: 15_000 });
    await screenshot(page, 'login-app-confirmed');

    // The portal page polls its server, which got the token by callback (or polling) and verified it.
    await expect.poll(() => portal.locator('#portal-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('confirmed');
    await portal.locator('#portal-verified').waitFor();
    expect(await textOf(portal.locator('#portal-user-name'))).toMatch(/^\S\*+$/u);
    expect(await textOf(portal.locator('#portal-user-acr'))).toContain('1');
    const shownSub = await textOf(portal.locator('#portal-user-sub'));
    await screenshot(portal, 'login-portal-done');

    // The token essc holds for the portal verifies against the published JWKS, and names the same subject.
    const client = new SignedClient({ apiUrl, signer: { header: 'x-essc-channel', id: DEMO_PORTAL.id, secret: DEMO_PORTAL.secret }, fetch: documentedFetch });
    const polled = await client.request('GET', `/v1/portal/login-requests/${requestId}`);
    expect(polled.status).toBe(200);
    const { idToken } = polled.body as { idToken: string };
    const discovery = (await (await fetch(`${apiUrl}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: discovery.issuer,
      audience: DEMO_PORTAL.id,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(shownSub).toContain(payload.sub!);
    expect(payload.acr).toBe('1');

    // Confirmed once: scanning the same QR again says so, with no way to confirm.
    const again = await holder.context.newPage();
    await again.goto(`${h5Url}/?user=demo-holder#/pages/login/index?r=${requestId}`);
    const refused = again.locator('#login-error');
    await expect.poll(() => refused.getAttribute('data-code'), { timeout: 15_000 }).toBe('login_request_already_confirmed');
    expect(await again.locator('#login-confirm').count()).toBe(0);
    expect(holder.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    await portalContext.close();
  });
});
