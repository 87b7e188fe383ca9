// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the code page: the QR code and barcode,
 * brightness, the offline code, a relative's code.
 */
import { create as createQr } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { code128Modules, QUIET_ZONE } from '../../../miniapp/src/features/code/images/code128.js';
import { barcodeModules, qrGrid, svgOfDataUri } from '../svg.js';
import { at, CODE, MEMBER, OFFLINE_BATCH, SETTLEMENT } from './fixtures.js';
import { apiStub, callsTo, created, idText, imageUnder, keepOfflineStart, offline, ok, openPage, sim, simulatePages, text, waitFor, wxCallsNamed } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('code page: QR code, Code 128 barcode and grouped digits of the issued code; full brightness while shown', async () => {
    let pending: unknown[] = [];
    sim.api = apiStub({
      'POST /v1/cards/me/codes': () => created({ code: CODE, expiresAt: at(60_000), refreshAt: at(50_000) }),
      'POST /v1/cards/me/offline-codes': created(OFFLINE_BATCH),
      'GET /v1/settlements/pending': () => ok({ settlements: pending }),
    });
    const page = openPage('pages/code/index');
    await waitFor(() => page.querySelector('#code-digits') !== undefined, 'the code');

    expect(page.querySelector('#code-digits')!.dom.textContent).toBe('8812 3456 7890 1234 5674');
    expect(page.querySelector('#code-countdown')!.dom.textContent).toMatch(/^(60|59) 秒后失效/);
    expect(page.querySelector('#code-notice')!.dom.textContent).toBe('截屏无效，电子社保卡码每分钟自动刷新');
    expect(page.querySelector('#offline-badge')).toBeUndefined();
    expect(page.querySelector('#code-refresh')).toBeDefined();

    // The barcode encodes the code (Code 128 set C), module for module.
    const barcode = svgOfDataUri(imageUnder(page, 'code-barcode'));
    expect(barcodeModules(barcode)).toBe('0'.repeat(QUIET_ZONE) + code128Modules(CODE) + '0'.repeat(QUIET_ZONE));
    // The QR code is the code's QR symbol, module for module.
    const qr = createQr([{ data: CODE, mode: 'numeric' }], { errorCorrectionLevel: 'M' });
    const grid = qrGrid(svgOfDataUri(imageUnder(page, 'code-qr')), qr.modules.size, 4);
    for (let r = 0; r < qr.modules.size; r++) {
      for (let c = 0; c < qr.modules.size; c++) expect(grid[r]![c], `QR module ${r},${c}`).toBe(qr.modules.get(r, c) ? 1 : 0);
    }

    // Brightness up, screen kept on, screenshots hidden; the offline batch kept.
    await waitFor(() => wxCallsNamed('setKeepScreenOn').length > 0, 'the screen kept on');
    expect(wxCallsNamed('getScreenBrightness')).toHaveLength(1);
    expect(wxCallsNamed('setScreenBrightness')).toEqual([expect.objectContaining({ value: 1 })]);
    expect(wxCallsNamed('setVisualEffectOnCapture')).toEqual([expect.objectContaining({ visualEffect: 'hidden' })]);
    expect(wxCallsNamed('onUserCaptureScreen')).toEqual(['listener']);
    await waitFor(() => typeof sim.storage.get('essc.offlineCodes') === 'string', 'the kept offline batch');

    // A tap on the code asks for a new one at once.
    const issued = () => sim.calls.filter((c) => c.method === 'POST' && c.path === '/v1/cards/me/codes').length;
    expect(issued()).toBe(1);
    page.querySelector('#code-qr')!.dispatchEvent('tap');
    await waitFor(() => issued() === 2, 'the refresh');

    // A terminal pre-settles a bill with the code: the page opens the confirmation.
    pending = [SETTLEMENT];
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'the payment page', 6000);
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/pay/index?id=stl-1' });

    // Leaving the page puts the brightness back and stops the polling.
    page.instance.onUnload?.();
    await waitFor(() => (wxCallsNamed('setKeepScreenOn').at(-1) as { keepScreenOn?: boolean }).keepScreenOn === false, 'screen on released');
    expect(sim.brightness).toBe(0.4);
    expect(wxCallsNamed('setVisualEffectOnCapture').at(-1)).toMatchObject({ visualEffect: 'none' });
    const polls = sim.calls.filter((c) => c.path === '/v1/settlements/pending').length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(sim.calls.filter((c) => c.path === '/v1/settlements/pending').length).toBe(polls);
  }, 20_000);

  it('code page without network shows an unused offline code with the 离线 badge and its limit', async () => {
    keepOfflineStart('tok-o', OFFLINE_BATCH);
    sim.api = offline;
    const page = openPage('pages/code/index');
    await waitFor(() => page.querySelector('#offline-badge') !== undefined, 'the offline badge');
    expect(page.querySelector('#offline-badge')!.dom.textContent).toBe('离线');
    expect(page.querySelector('#offline-limit')!.dom.textContent).toBe('仅限查询及200元以内支付');
    // The offline code lasts the batch's 10 minutes, not a minute.
    expect(page.querySelector('#code-notice')!.dom.textContent).toBe('离线码10分钟内有效，每个只能用一次，截屏无效');
    expect(page.querySelector('#code-digits')!.dom.textContent!.replace(/\s/g, '')).toBe('88200000000000000001');
    const barcode = svgOfDataUri(imageUnder(page, 'code-barcode'));
    expect(barcode).toContain('<path');
    // Shown once: marked used in storage; a refresh (still offline) shows the next one.
    const kept = () => JSON.parse(sim.storage.get('essc.offlineCodes') as string) as { codes: Array<{ used?: boolean }> };
    expect(kept().codes.map((c) => !!c.used)).toEqual([true, false, false, false, false]);
    page.querySelector('#code-refresh')!.dispatchEvent('tap');
    await waitFor(() => page.querySelector('#code-digits')!.dom.textContent!.endsWith('0002'), 'the next offline code');
    expect(kept().codes.map((c) => !!c.used)).toEqual([true, true, false, false, false]);
  });

  it('code page of a lost card says so and shows no code', async () => {
    sim.api = apiStub({ 'POST /v1/cards/me/codes': { statusCode: 422, data: { status: 422, code: 'card_lost', detail: '卡片已挂失' } } });
    const page = openPage('pages/code/index');
    await waitFor(() => page.querySelector('#code-error') !== undefined, 'the error');
    expect(text(page)).toContain('卡片已挂失');
    expect(page.querySelector('#code-qr')).toBeUndefined();
  });

  it("code page with memberId: the relative's code through the family binding, a banner, no offline batch, pending bills still open the payment", async () => {
    let pending: unknown[] = [];
    sim.api = apiStub({
      'POST /v1/family/members/card-m1/codes': () => created({ code: CODE, expiresAt: at(60_000), refreshAt: at(50_000) }),
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'GET /v1/settlements/pending': () => ok({ settlements: pending }),
    });
    const page = openPage('pages/code/index', { memberId: 'card-m1' });
    await waitFor(() => page.querySelector('#code-digits') !== undefined, 'the code');
    await waitFor(() => idText(page, 'code-for-relative') === '为父母张*国出示', 'the banner');
    expect(callsTo('POST', '/v1/cards/me/codes')).toHaveLength(0);
    expect(callsTo('POST', '/v1/cards/me/offline-codes')).toHaveLength(0);
    pending = [{ ...SETTLEMENT, id: 'stl-f', patient: { maskedName: '张*国', relationship: 'parent' }, presentedBy: 'family' }];
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'the payment page', 6000);
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/pay/index?id=stl-f' });
    expect(sim.storage.has('essc.offlineCodes')).toBe(false);
  }, 15_000);

  it("code page with memberId: a relative's lost card is said as such, with no way to the holder's own settings", async () => {
    sim.api = apiStub({
      'POST /v1/family/members/card-m1/codes': { statusCode: 422, data: { status: 422, code: 'card_lost', detail: '卡片已挂失' } },
      'GET /v1/family/members': ok({ members: [{ ...MEMBER, cardStatus: 'lost_temporary' }] }),
    });
    const page = openPage('pages/code/index', { memberId: 'card-m1' });
    await waitFor(() => page.querySelector('#code-error') !== undefined, 'the error');
    expect(idText(page, 'code-error')).toContain('亲属的卡片已挂失');
    expect(page.querySelector('#code-back')).toBeDefined();
    expect(page.querySelector('#go-settings')).toBeUndefined();
    expect(page.querySelector('#code-qr')).toBeUndefined();
  });
});
