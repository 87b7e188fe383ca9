// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: 授权管理: the apps and websites that hold the
 * card, revoking another app with the PIN, this app only after an explicit yes, a portal
 * with the face, and a confirmation the server asks for when the list was stale.
 */
import { describe, expect, it } from 'vitest';
import { passedFaceRoutes } from './fixtures.js';
import {
  apiStub,
  callsTo,
  idText,
  noContent,
  ok,
  openPage,
  type Reply,
  type Route,
  sim,
  simulatePages,
  submitSheetPin,
  tap,
  tapUntilShown,
  waitFor,
} from './harness.js';

simulatePages();

const CHANNELS = [
  { channelId: 'weapp-demo', name: '电子社保卡（微信）', platform: 'weapp', boundAt: '2026-07-01T02:00:00.000Z', lastUsedAt: '2026-12-01T06:30:00.000Z', current: true },
  { channelId: 'demo-bank', name: '演示银行', platform: 'h5', boundAt: '2026-08-01T02:00:00.000Z', lastUsedAt: '2026-11-02T01:00:00.000Z', current: false },
];
const PORTALS = [{ channelId: 'demo-portal', name: '演示政务服务网', scope: 'openid profile', lastLoginAt: '2026-11-20T08:00:00.000Z' }];

const confirmationRequired = (reason: string): Reply => ({
  statusCode: 409,
  data: { status: 409, code: 'confirmation_required', detail: '取消后，您将无法在当前应用中使用电子社保卡，需要重新申领。请确认后再操作。', reason },
});

/** The API with the two channels and the portal; DELETE as the server does it (confirmation first). */
function authApi(channels = CHANNELS, portals = PORTALS) {
  const state = { channels: [...channels], portals: [...portals] };
  const routes: Record<string, Route> = {
    'GET /v1/cards/me/authorizations': () => ok({ channels: state.channels, portals: state.portals }),
    ...passedFaceRoutes('fv-u', 3),
  };
  for (const id of ['weapp-demo', 'demo-bank', 'demo-portal']) {
    routes[`DELETE /v1/cards/me/authorizations/${id}`] = ({ data }) => {
      const body = data as { pin?: string; faceVerificationId?: string; confirm?: true };
      const isChannel = state.channels.some((c) => c.channelId === id);
      if (isChannel && !body.confirm && id === 'weapp-demo') return confirmationRequired('current_channel');
      if (isChannel && !body.confirm && state.channels.length === 1) return confirmationRequired('last_binding');
      if (body.pin !== undefined && body.pin !== '135790') return { statusCode: 422, data: { status: 422, code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
      state.channels = state.channels.filter((c) => c.channelId !== id);
      state.portals = state.portals.filter((p) => p.channelId !== id);
      return noContent();
    };
  }
  return { routes, state };
}

describe('weapp pages in miniprogram-simulate', () => {
  it('授权管理 lists the apps (当前应用 first) and the websites; another app is revoked with the PIN, no confirmation', async () => {
    const { routes, state } = authApi();
    sim.api = apiStub(routes);
    const page = openPage('pages/authorizations/index');
    await waitFor(() => page.querySelector('#auth-channel-demo-bank') !== undefined, 'the list');
    const current = idText(page, 'auth-channel-weapp-demo');
    expect(current).toContain('电子社保卡（微信）');
    expect(current).toContain('当前应用');
    expect(current).toContain('微信小程序');
    expect(current).toContain('授权时间 2026-07-01 10:00');
    expect(current).toContain('最近使用 2026-12-01 14:30');
    const bank = idText(page, 'auth-channel-demo-bank');
    expect(bank).toContain('演示银行');
    expect(bank).not.toContain('当前应用');
    expect(bank).toContain('网页应用');
    const portal = idText(page, 'auth-portal-demo-portal');
    expect(portal).toContain('演示政务服务网');
    expect(portal).toContain('身份标识、姓名（脱敏）');
    expect(portal).toContain('最近登录 2026-11-20 16:00');

    await tapUntilShown(page, '#auth-revoke-demo-bank', '#auth-revoke-pin', 'the PIN / face choice');
    expect(page.querySelector('#auth-confirm')).toBeUndefined();
    await tapUntilShown(page, '#auth-revoke-pin', '#pin-sheet', 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('演示银行');
    await submitSheetPin(page, '111111');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    expect(idText(page, 'pin-error')).toBe('密码错误，还可尝试4次。');
    await submitSheetPin(page, '135790');
    await waitFor(() => page.querySelector('#auth-result') !== undefined, 'the result');
    expect(idText(page, 'auth-result')).toContain('已解除“演示银行”的授权');
    await waitFor(() => page.querySelector('#auth-channel-demo-bank') === undefined, 'the app gone from the list');
    expect(callsTo('DELETE', '/v1/cards/me/authorizations/demo-bank').map((c) => c.data)).toEqual([{ pin: '111111' }, { pin: '135790' }]);
    expect(state.channels.map((c) => c.channelId)).toEqual(['weapp-demo']);
  });

  it('revoking this app asks first, in plain words; 取消 sends nothing; 继续解除 → PIN → revoked with confirm, the card gone from this app', async () => {
    const { routes } = authApi();
    sim.api = apiStub(routes);
    const page = openPage('pages/authorizations/index');
    await waitFor(() => page.querySelector('#auth-revoke-weapp-demo') !== undefined, 'the list');

    await tapUntilShown(page, '#auth-revoke-weapp-demo', '#auth-confirm', 'the confirmation');
    expect(idText(page, 'auth-confirm')).toContain('解除本应用的授权？');
    expect(idText(page, 'auth-confirm')).toContain('您将不能在本应用中使用电子社保卡');
    tap(page, '#auth-confirm-cancel');
    await waitFor(() => page.querySelector('#auth-confirm') === undefined, 'the dialog closed');
    expect(page.querySelector('#auth-revoke-pin')).toBeUndefined();
    expect(callsTo('DELETE', '/v1/cards/me/authorizations/weapp-demo')).toHaveLength(0);

    await tapUntilShown(page, '#auth-revoke-weapp-demo', '#auth-confirm-ok', 'the confirmation');
    await tapUntilShown(page, '#auth-confirm-ok', '#auth-revoke-pin', 'the PIN / face choice');
    await tapUntilShown(page, '#auth-revoke-pin', '#pin-sheet', 'the PIN sheet');
    await submitSheetPin(page, '135790');
    await waitFor(() => page.querySelector('#auth-revoked-current') !== undefined, 'the end of the card here');
    expect(callsTo('DELETE', '/v1/cards/me/authorizations/weapp-demo').map((c) => c.data)).toEqual([{ pin: '135790', confirm: true }]);
    expect(page.querySelector('#auth-channels')).toBeUndefined();
    expect(page.querySelector('#auth-home')).toBeDefined();
  });

  it('a 409 confirmation_required from the server (the list said otherwise) opens the dialog; 确认解除 sends the same face check again with confirm', async () => {
    const { routes } = authApi();
    // Meanwhile this app's binding went elsewhere: the bank is the last binding now.
    routes['DELETE /v1/cards/me/authorizations/demo-bank'] = ({ data }) =>
      (data as { confirm?: true }).confirm ? noContent() : confirmationRequired('last_binding');
    sim.api = apiStub(routes);
    const page = openPage('pages/authorizations/index');
    await waitFor(() => page.querySelector('#auth-revoke-demo-bank') !== undefined, 'the list');
    await tapUntilShown(page, '#auth-revoke-demo-bank', '#auth-revoke-face', 'the choice, no dialog yet');
    expect(page.querySelector('#auth-confirm')).toBeUndefined();
    await tapUntilShown(page, '#auth-revoke-face', '#auth-confirm', 'the server-asked confirmation');
    expect(idText(page, 'auth-confirm')).toContain('最后一个应用');
    expect(idText(page, 'auth-confirm-ok')).toBe('确认解除');
    await tapUntilShown(page, '#auth-confirm-ok', '#auth-result', 'the result');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'unbind' });
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(1);
    expect(callsTo('DELETE', '/v1/cards/me/authorizations/demo-bank').map((c) => c.data)).toEqual([
      { faceVerificationId: 'fv-u' },
      { faceVerificationId: 'fv-u', confirm: true },
    ]);
  });

  it('a website is revoked with the face check (purpose unbind); the list is empty after', async () => {
    const { routes } = authApi();
    sim.api = apiStub(routes);
    const page = openPage('pages/authorizations/index');
    await waitFor(() => page.querySelector('#auth-portal-revoke-demo-portal') !== undefined, 'the portal');
    await tapUntilShown(page, '#auth-portal-revoke-demo-portal', '#auth-revoke-face', 'the choice');
    await tapUntilShown(page, '#auth-revoke-face', '#auth-result', 'the result');
    expect(idText(page, 'auth-result')).toBe('已解除“演示政务服务网”的登录授权');
    await waitFor(() => page.querySelector('#auth-portals-empty') !== undefined, 'no portals');
    expect(callsTo('DELETE', '/v1/cards/me/authorizations/demo-portal').map((c) => c.data)).toEqual([{ faceVerificationId: 'fv-u' }]);
  });
});
