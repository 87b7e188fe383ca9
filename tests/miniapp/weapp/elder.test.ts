// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: every new page: its root id and elder mode (the 长辈版 switch only on home and settings). */
import { describe, expect, it } from 'vitest';
import { at, HELPER, LOGIN_ID, MEMBER } from './fixtures.js';
import { apiStub, ok, openElderPage, sim, simulatePages } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('every new page has its root id and takes elder mode', async () => {
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'GET /v1/family/helpers': ok({ helpers: [HELPER] }),
      'GET /v1/family/invitations': ok({ received: [], sent: [] }),
      'GET /v1/pension-certification': () => ok({ status: 'due', dueAt: at(0) }),
      'GET /v1/records/contributions': ok({ items: [] }),
      [`GET /v1/login-requests/${LOGIN_ID}`]: () =>
        ok({ id: LOGIN_ID, portal: { id: 'p', name: 'x' }, scope: 'openid', level: 1, expiresAt: at(60_000), status: 'pending' }),
    });
    const pages: Array<[string, Record<string, string>, string, boolean]> = [
      ['pages/family/index', {}, 'family-count', false],
      ['pages/family-add/index', {}, 'family-face-start', false],
      ['pages/member/index', { memberId: 'card-m1' }, 'member-name', false],
      ['pages/pension/index', {}, 'pension-status', false],
      ['pages/contributions/index', {}, 'contrib-empty', false],
      ['pages/login/index', { r: LOGIN_ID }, 'login-portal', false],
    ];
    for (const [route, query, ready, toggle] of pages) {
      const page = await openElderPage(route, query, ready, toggle);
      if (route === 'pages/family/index') {
        // The helper row keeps its switch and unbinding, without the long hint.
        expect(page.querySelector('.family-helper-sharing')).toBeDefined();
        expect(page.querySelector('.family-helper-unbind')).toBeDefined();
        expect(page.querySelector('.family-helper')!.dom.textContent).not.toContain('个人账户不足的部分');
      }
    }
  }, 20_000);
});
