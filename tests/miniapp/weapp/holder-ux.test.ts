// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the app as an elderly holder meets it (issue 13):
 * elder mode following WeChat's large-text setting, the money explanations kept in elder
 * mode, fewer taps to a relative's code, the pending payment and family invitation on home,
 * no stale error while a page reloads.
 */
import { describe, expect, it } from 'vitest';
import { at, DEMO_CARD, HELPER, MEMBER, OFFLINE_BATCH, SETTLEMENT } from './fixtures.js';
import { apiStub, created, idText, ok, openPage, type Reply, sim, simulatePages, tap, tapUntilShown, text, waitFor, wxCallsNamed } from './harness.js';

simulatePages();

/** Runs `body` with WeChat reporting `fontSizeSetting` px (its care mode: about 23.8). */
async function withFontSize(px: number, body: () => Promise<void>): Promise<void> {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const original = wx.getAppBaseInfo as () => Record<string, unknown>;
  wx.getAppBaseInfo = () => ({ ...original(), fontSizeSetting: px });
  try {
    await body();
  } finally {
    wx.getAppBaseInfo = original;
  }
}

const homeApi = (extra: Record<string, Reply> = {}) =>
  apiStub({
    'GET /v1/cards/me': ok({ card: DEMO_CARD }),
    'POST /v1/cards/me/offline-codes': created(OFFLINE_BATCH),
    ...extra,
  });

const isElder = (page: ReturnType<typeof openPage>, name: string) => /(^|\s|--)elder\b/.test(page.querySelector(`#page-${name}`)!.dom.className);

describe('weapp pages in miniprogram-simulate', () => {
  it("elder mode follows WeChat's large text until the holder chooses; the choice wins and is kept", async () => {
    sim.api = homeApi();
    await withFontSize(23.8, async () => {
      let page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the card');
      expect(isElder(page, 'index')).toBe(true);
      // The holder turns it off: kept, and it beats the platform's setting on the next start.
      tap(page, '#elder-toggle');
      await waitFor(() => !isElder(page, 'index'), 'elder mode off');
      expect(sim.storage.get('essc.elderMode')).toBe('false');
      page.instance.onUnload?.();
      page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the card');
      expect(isElder(page, 'index')).toBe(false);
    });
    // WeChat's default size (17 px): off until chosen.
    sim.storage.clear();
    await withFontSize(17, async () => {
      const page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the card');
      expect(isElder(page, 'index')).toBe(false);
    });
  });

  it('the 长辈版 switch is on home and settings, not on the code page', async () => {
    sim.storage.set('essc.elderMode', 'true');
    sim.api = homeApi({ 'POST /v1/cards/me/codes': created({ code: '88123456789012345674', refreshAt: at(50_000), expiresAt: at(60_000) }) });
    const code = openPage('pages/code/index');
    await waitFor(() => code.querySelector('#code-digits') !== undefined, 'the code');
    expect(isElder(code, 'code')).toBe(true);
    expect(code.querySelector('#elder-toggle')).toBeUndefined();
    expect(idText(code, 'code-notice')).toContain('电子社保卡码');
    expect(text(code)).not.toMatch(/医保码|付款码/);
    const settings = openPage('pages/settings/index');
    await waitFor(() => settings.querySelector('#loss-temporary') !== undefined, 'the settings');
    expect(settings.querySelector('#elder-toggle')).toBeDefined();
  });

  it('elder mode keeps 临时挂失 vs 正式挂失 in plain words on the settings page', async () => {
    sim.storage.set('essc.elderMode', 'true');
    sim.api = homeApi();
    const page = openPage('pages/settings/index');
    await waitFor(() => page.querySelector('#loss-explain') !== undefined, 'the loss explanation');
    const explain = idText(page, 'loss-explain');
    expect(explain).toContain('临时挂失：先停用7天，到期自动恢复');
    expect(explain).toContain('正式挂失：一直停用，要解除挂失才能再用');
    expect(text(page)).not.toContain('本渠道');
    await tapUntilShown(page, '#loss-temporary', '#pin-sheet', 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('先停用7天，到期自动恢复');
    expect(idText(page, 'pin-sheet')).toContain('电子社保卡密码');
  });

  it("elder mode on the payment page: why the pooled fund pays ¥0.00, and a relative's bill asks for the helper's own PIN", async () => {
    sim.storage.set('essc.elderMode', 'true');
    const bill = {
      ...SETTLEMENT,
      split: { total: 12345, pooledFund: 0, personalAccount: 0, cash: 12345 },
      breakdown: { ...SETTLEMENT.breakdown, classB: 2000, classBSelfPay: 200, deductibleApplied: 3000, reimbursementBp: 9000 },
      patient: { maskedName: '张*国', relationship: 'parent' },
      presentedBy: 'family',
    };
    sim.api = apiStub({ 'GET /v1/settlements/stl-1': ok({ settlement: bill }) });
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-pooled-why') !== undefined, 'the explanation');
    const why = idText(page, 'pay-pooled-why');
    expect(why).toContain('为什么统筹基金支付 ¥0.00？');
    expect(why).toContain('起付线');
    expect(why).toContain('¥30.00');
    expect(why).toContain('乙类自付');
    expect(why).toContain('丙类自费');
    expect(why).toContain('¥73.45');
    expect(text(page)).toContain('请输入您本人的电子社保卡密码');
    // Normal mode keeps its rows instead.
    sim.storage.set('essc.elderMode', 'false');
    const normal = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => normal.querySelector('#pay-page') !== undefined, 'the bill');
    expect(normal.querySelector('#pay-pooled-why')).toBeUndefined();
    expect(text(normal)).toContain('起付线（本次计入）');
    expect(text(normal)).toContain('输入您本人的电子社保卡密码为亲属确认支付');
  });

  it("home: a payment left waiting and a family invitation are one tap away; elder mode lists the relatives' codes", async () => {
    sim.storage.set('essc.elderMode', 'true');
    sim.api = homeApi({
      'GET /v1/settlements/pending': ok({ settlements: [{ ...SETTLEMENT, id: 'stl-9' }] }),
      'GET /v1/family/invitations': ok({
        received: [{ id: 'inv-1', relationship: 'child', helper: { maskedName: '李*' }, relative: { maskedName: '张*' }, createdAt: at(0), expiresAt: at(1e9) }],
        sent: [],
      }),
      'GET /v1/family/members': ok({ members: [MEMBER, { ...MEMBER, memberId: 'card-m2', maskedName: '王*', cardStatus: 'lost' }] }),
    });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#pending-pay-banner') !== undefined, 'the pending payment');
    await waitFor(() => page.querySelector('#family-invite-banner') !== undefined, 'the invitation');
    await waitFor(() => page.querySelector('#index-relative-codes') !== undefined, "the relatives' codes");
    expect(idText(page, 'pending-pay-banner')).toContain('有一笔支付要确认');
    // Only a relative whose card can be used.
    expect(idText(page, 'index-relative-codes')).toBe('出示父母张*国的码');
    tap(page, '#pending-pay-banner');
    tap(page, '#family-invite-banner');
    tap(page, '.index-relative-code');
    await waitFor(() => wxCallsNamed('navigateTo').length === 3, 'three pages opened');
    expect(wxCallsNamed('navigateTo').map((c) => (c as { url: string }).url)).toEqual([
      '/pages/pay/index?id=stl-9',
      '/pages/family/index',
      '/pages/code/index?memberId=card-m1',
    ]);
  });

  it("family list: a relative's row has a chevron and 出示TA的码, which opens the code without the relative's page", async () => {
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'GET /v1/family/helpers': ok({ helpers: [HELPER] }),
      'GET /v1/family/invitations': ok({ received: [], sent: [] }),
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-member-code') !== undefined, 'the row');
    expect(page.querySelector('.family-member')!.dom.textContent).toContain('›');
    tap(page, '.family-member-code');
    await waitFor(() => wxCallsNamed('navigateTo').length >= 1, 'a page opened');
    await new Promise((r) => setTimeout(r, 50));
    expect(wxCallsNamed('navigateTo').map((c) => (c as { url: string }).url)).toEqual(['/pages/code/index?memberId=card-m1']);
  });

  it('a page that failed to load shows the loading screen, not the old error, while it loads again', async () => {
    let members: Reply = { statusCode: 503, data: { status: 503, code: 'unavailable', detail: '服务暂时不可用' } };
    sim.api = apiStub({
      'GET /v1/family/members': () => members,
      'GET /v1/family/helpers': ok({ helpers: [] }),
      'GET /v1/family/invitations': ok({ received: [], sent: [] }),
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('#family-error') !== undefined, 'the error');
    members = { ...ok({ members: [MEMBER] }), delayMs: 400 };
    (page.instance.onHide as (() => void) | undefined)?.();
    page.instance.onShow!();
    await waitFor(() => page.querySelector('#family-loading') !== undefined, 'the loading screen');
    expect(page.querySelector('#family-error')).toBeUndefined();
    expect(text(page)).toContain('正在加载');
    await waitFor(() => page.querySelector('.family-member') !== undefined, 'the list');
  });
});
