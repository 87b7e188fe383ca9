// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the home page (pages/index): the card, the
 * entries, the offline code, scan-to-login and the pension reminder.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CARD, LOGIN_ID, OFFLINE_BATCH } from './fixtures.js';
import {
  type ApiHandler,
  apiStub,
  callsTo,
  created,
  idText,
  keepOfflineStart,
  offline,
  ok,
  openPage,
  type Reply,
  sim,
  type SimComponent,
  simulatePages,
  tap,
  tapUntilShown,
  text,
  waitFor,
  wxCallsNamed,
} from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('home logs in with wx.login and renders the card face from GET /v1/cards/me', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': ok({ card: DEMO_CARD }) });
    const page = openPage('pages/index/index');
    await waitFor(() => text(page).includes('A******78'), 'the card number');

    expect(sim.calls[0]).toEqual({
      method: 'POST',
      path: '/v1/sessions',
      query: '',
      data: { channelId: 'weapp-demo', platform: 'weapp', loginCode: 'wx-code-1' },
    });
    expect(sim.calls[1]).toMatchObject({ method: 'GET', path: '/v1/cards/me' });
    const card = page.querySelector('#card-face');
    expect(card).toBeDefined();
    expect(card!.dom.textContent).toContain('张*');
    expect(card!.dom.textContent).toContain('1101**********002X');
    expect(card!.dom.textContent).toContain('北京市');
    expect(page.querySelector('#card-status')!.dom.textContent).toBe('正常');
    expect(text(page)).not.toContain('申领电子社保卡');
  });

  it('elder mode: a tap on #elder-toggle enlarges the page, drops words and is kept', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': ok({ card: { ...DEMO_CARD, status: 'lost_temporary' } }) });
    const page = openPage('pages/index/index');
    await waitFor(() => text(page).includes('临时挂失'), 'the status badge');
    expect(text(page)).toContain('1101**********002X');
    // A lost card has no code to show.
    expect(page.querySelector('#show-code')).toBeUndefined();
    expect(page.querySelector('#go-records')).toBeUndefined();
    const root = page.querySelector('#page-index')!;
    expect(root.dom.className).not.toMatch(/\belder\b/);

    page.querySelector('#elder-toggle')!.dispatchEvent('tap');
    await waitFor(() => /(^|\s|--)elder\b/.test(root.dom.className), 'the elder class');
    // Fewer words: the ID number row and the long title go.
    expect(text(page)).not.toContain('1101**********002X');
    expect(text(page)).toContain('社保卡');
    expect(sim.storage.get('essc.elderMode')).toBe('true');
  });

  it('home shows the call to claim when the card is not claimed in this channel', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': { statusCode: 404, data: { status: 404, code: 'card_not_found', detail: '您尚未在本渠道领卡' } } });
    const page = openPage('pages/index/index');
    await waitFor(() => text(page).includes('申领电子社保卡'), 'the claim button');
    expect(page.querySelector('#claim-start')).toBeDefined();
    expect(page.querySelector('#card-face')).toBeUndefined();
  });

  it('home shows 出示医保码 and 个人账户 for a normal card and opens the code page', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': ok({ card: DEMO_CARD }), 'POST /v1/cards/me/offline-codes': created(OFFLINE_BATCH) });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#show-code') !== undefined, 'the code entry');
    expect(page.querySelector('#go-records')!.dom.textContent).toContain('个人账户');
    page.querySelector('#show-code')!.dispatchEvent('tap');
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/code/index' });
    // The offline batch is fetched on the way, so the code page works without network.
    await waitFor(() => typeof sim.storage.get('essc.offlineCodes') === 'string', 'the kept offline batch');
    expect(JSON.parse(sim.storage.get('essc.offlineCodes') as string)).toMatchObject({ batchId: 'batch-1' });
  });

  it('home without network still offers the code when offline codes are kept', async () => {
    keepOfflineStart('tok-n', OFFLINE_BATCH);
    sim.api = offline;
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#index-error') !== undefined, 'the error');
    expect(text(page)).toContain('网络连接失败');
    expect(page.querySelector('#show-code')!.dom.textContent).toContain('离线');
    // At the counter the offline code is the main button; 重试 is second.
    expect(idText(page, 'show-code')).toBe('出示离线码');
    expect(page.querySelector('#show-code')!.dom.className).toContain('btn--primary');
    expect(page.querySelector('#retry')!.dom.className).not.toContain('btn--primary');
    const order = page.querySelector('#show-code')!.dom.compareDocumentPosition(page.querySelector('#retry')!.dom);
    expect(order & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('home offers 亲情服务, 待遇资格认证, 缴费记录 and 扫码登录; a scanned essc://login opens the login page, anything else is refused', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': ok({ card: DEMO_CARD }), 'POST /v1/cards/me/offline-codes': created(OFFLINE_BATCH) });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#scan-login') !== undefined, 'the scan entry');
    expect(idText(page, 'go-family')).toContain('亲情服务');
    expect(idText(page, 'go-pension')).toContain('待遇资格认证');
    expect(idText(page, 'go-contributions')).toContain('缴费记录');
    tap(page, '#go-family');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/family/index' });

    // Not a login code: refused on the spot, no navigation.
    sim.scanResult = 'https://example.com/?r=lr_AbCdEfGhIjKlMnOpQrSt';
    await tapUntilShown(page, '#scan-login', '#scan-error', 'the scan error');
    expect(idText(page, 'scan-error')).toContain('不是电子社保卡的登录二维码');
    expect(wxCallsNamed('scanCode')[0]).toMatchObject({ onlyFromCamera: true });
    expect(wxCallsNamed('navigateTo')).toHaveLength(1);

    // A cancel says nothing; a login code opens the login page with its id.
    sim.scanResult = undefined;
    tap(page, '#scan-login');
    await waitFor(() => wxCallsNamed('scanCode').length === 2, 'the second scan');
    await new Promise((r) => setTimeout(r, 50));
    expect(page.querySelector('#scan-error')).toBeUndefined();
    sim.scanResult = `essc://login?r=${LOGIN_ID}`;
    tap(page, '#scan-login');
    await waitFor(() => wxCallsNamed('navigateTo').length === 2, 'the login page');
    expect(wxCallsNamed('navigateTo')[1]).toMatchObject({ url: `/pages/login/index?r=${LOGIN_ID}` });
  });

  /** Home with a normal card; the pension status from `pension` (a network failure with `network`). */
  function homeApi(pension: () => Reply): ApiHandler {
    return apiStub({
      'GET /v1/cards/me': ok({ card: DEMO_CARD }),
      'POST /v1/cards/me/offline-codes': created(OFFLINE_BATCH),
      'GET /v1/pension-certification': () => pension(),
    });
  }

  /** Whether the element `a` comes before `b` in the page. */
  const before = (page: SimComponent, a: string, b: string) =>
    Boolean(page.querySelector(a)!.dom.compareDocumentPosition(page.querySelector(b)!.dom) & Node.DOCUMENT_POSITION_FOLLOWING);

  const bannerClass = (page: SimComponent) => page.querySelector('#pension-due-banner')?.dom.className ?? '';

  it('home: a due pension certification shows #pension-due-banner with the China date above the entries; a tap opens the pension page', async () => {
    let pension: { status: string; validUntil?: string; dueAt?: string; reviewId?: string } = {
      status: 'due',
      validUntil: '2027-06-30T16:00:00.000Z',
      dueAt: '2027-05-31T16:00:00.000Z',
    };
    sim.api = homeApi(() => ({ statusCode: 200, data: pension }));
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#pension-due-banner') !== undefined, 'the pension banner');
    expect(idText(page, 'pension-due-banner')).toContain('待遇资格认证将于2027年7月1日到期，请在此之前完成认证');
    expect(idText(page, 'pension-due-banner')).toContain('待认证');
    // Mini-program templates drop data-* (data-status is H5 only): the status shows as a class.
    expect(bannerClass(page)).toMatch(/index-pension--due\b/);
    // The holder's own status, asked once for this show.
    expect(callsTo('GET', '/v1/pension-certification')).toHaveLength(1);
    expect(callsTo('GET', '/v1/pension-certification')[0]!.query).toBe('');
    // In the flow above the entries, which all stay.
    for (const id of ['card-face', 'show-code', 'go-records', 'go-family', 'go-pension', 'go-contributions', 'scan-login', 'go-settings']) {
      expect(page.querySelector(`#${id}`), id).toBeDefined();
    }
    expect(before(page, '#card-face', '#pension-due-banner')).toBe(true);
    expect(before(page, '#pension-due-banner', '#show-code')).toBe(true);

    tap(page, '#pension-due-banner');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/pension/index' });

    // Each show asks again: overdue, then under review, then a due one without a date.
    const reshow = async (next: typeof pension, n: number, words: string) => {
      pension = next;
      page.instance.onShow?.();
      await waitFor(() => callsTo('GET', '/v1/pension-certification').length === n && idText(page, 'pension-due-banner').includes(words), words);
      expect(bannerClass(page)).toContain(`index-pension--${next.status}`);
    };
    await reshow({ status: 'overdue', validUntil: '2026-01-31T16:00:00.000Z' }, 2, '待遇资格认证已逾期，养老金可能暂停发放，请尽快认证');
    await reshow({ status: 'under_review', reviewId: 'rc-1' }, 3, '待遇资格认证人工审核中');
    await reshow({ status: 'due', dueAt: '2027-05-31T16:00:00.000Z' }, 4, '请完成本年度待遇资格认证');

    // Elder mode: larger, without the status pill; the line stays.
    tap(page, '#elder-toggle');
    await waitFor(() => /(^|\s|--)elder\b/.test(page.querySelector('#page-index')!.dom.className), 'the elder class');
    expect(idText(page, 'pension-due-banner')).toContain('请完成本年度待遇资格认证');
    expect(idText(page, 'pension-due-banner')).not.toContain('待认证');

    // Certified on the next show: the banner goes.
    pension = { status: 'certified', validUntil: '2028-06-30T16:00:00.000Z' };
    page.instance.onShow?.();
    await waitFor(() => page.querySelector('#pension-due-banner') === undefined, 'the banner to go');
  });

  it('home: a certified or not applicable pension certification shows no banner', async () => {
    for (const status of ['certified', 'not_applicable']) {
      sim.calls = [];
      sim.api = homeApi(() => ({ statusCode: 200, data: { status, validUntil: '2027-06-30T16:00:00.000Z' } }));
      const page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the code entry');
      await waitFor(() => callsTo('GET', '/v1/pension-certification').length === 1, 'the pension status');
      await new Promise((r) => setTimeout(r, 50));
      expect(page.querySelector('#pension-due-banner'), status).toBeUndefined();
      expect(text(page)).not.toContain('待遇资格认证已');
    }
  });

  it('home: a failing pension call leaves home working, without the banner or an error', async () => {
    for (const failure of [{ network: true } as const, { statusCode: 500, data: { status: 500, code: 'internal', detail: '服务暂时不可用' } }]) {
      sim.calls = [];
      sim.wxCalls = [];
      sim.api = homeApi(() => failure);
      const page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the code entry');
      await waitFor(() => callsTo('GET', '/v1/pension-certification').length >= 1, 'the pension status');
      await new Promise((r) => setTimeout(r, 50));
      expect(page.querySelector('#pension-due-banner')).toBeUndefined();
      expect(page.querySelector('#index-error')).toBeUndefined();
      expect(text(page)).not.toContain('服务暂时不可用');
      expect(text(page)).not.toContain('网络');
      expect(page.querySelector('#card-status')!.dom.textContent).toBe('正常');
      tap(page, '#show-code');
      await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
      expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/code/index' });
    }
  });

  it('home: no pension status is asked for a lost card', async () => {
    sim.api = apiStub({
      'GET /v1/cards/me': ok({ card: { ...DEMO_CARD, status: 'lost_temporary' } }),
      'GET /v1/pension-certification': ok({ status: 'due' }),
    });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#card-warning') !== undefined, 'the lost card');
    await new Promise((r) => setTimeout(r, 50));
    expect(callsTo('GET', '/v1/pension-certification')).toHaveLength(0);
    expect(page.querySelector('#pension-due-banner')).toBeUndefined();
  });
});
