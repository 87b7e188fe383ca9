// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the pages of the holder's own view (issue 12): their root ids, elder mode, the big targets. */
import { describe, it } from 'vitest';
import { apiStub, ok, openElderPage, sim, simulatePages } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('PIN change / reset, 授权管理, 用卡记录, 消息中心 and 开具证明 take elder mode', async () => {
    sim.api = apiStub({
      'GET /v1/cards/me/authorizations': ok({ channels: [], portals: [] }),
      'GET /v1/cards/me/usage': ok({ entries: [] }),
      'GET /v1/notifications': ok({ notifications: [], unread: 0 }),
      'GET /v1/notifications/preferences': ok({ preferences: [{ kind: 'pin_changed', label: '密码修改', push: true }], push: { platform: 'weapp', templateIds: [] } }),
      'GET /v1/family/members': ok({ members: [] }),
    });
    const pages: Array<[string, string, boolean]> = [
      ['pages/pin-change/index', 'pin-change-phase', false],
      ['pages/pin-reset/index', 'pin-reset-face-start', false],
      ['pages/authorizations/index', 'auth-portals-empty', false],
      ['pages/usage/index', 'usage-empty', false],
      ['pages/notifications/index', 'notif-pref-pin_changed', false],
      ['pages/proof/index', 'proof-create', false],
    ];
    for (const [route, ready, toggle] of pages) {
      await openElderPage(route, {}, ready, toggle);
    }
  }, 20_000);
});
