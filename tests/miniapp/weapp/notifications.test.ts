// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: 消息中心: unread ones marked, a tap reads one and
 * opens its page, 全部已读, the badge on home, push per kind with WeChat's consent
 * (wx.requestSubscribeMessage) recorded on the server.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CARD } from './fixtures.js';
import { apiStub, callsTo, created, idText, noContent, ok, openPage, sim, simulatePages, tap, waitFor, wxCallsNamed, type Route } from './harness.js';

simulatePages();

const NOTES = [
  { id: 'ntf_1', kind: 'bill_awaiting_payment', title: '您有一张账单待支付', body: '示范大药房推送了¥12.50的账单', at: '2026-12-01T02:00:00.000Z', link: '/pages/bill/index?id=bill_1' },
  { id: 'ntf_2', kind: 'portal_login', title: '扫码登录了演示政务服务网', body: '如非本人操作，请立即修改密码', at: '2026-11-30T02:00:00.000Z' },
  { id: 'ntf_3', kind: 'payment_done', title: '支付成功', body: '¥8.00', at: '2026-11-29T02:00:00.000Z', readAt: '2026-11-29T03:00:00.000Z' },
];

const PREFS = (push: Record<string, boolean>) => ({
  preferences: [
    { kind: 'bill_awaiting_payment', label: '待支付账单', push: push.bill_awaiting_payment ?? true },
    { kind: 'portal_login', label: '扫码登录', push: push.portal_login ?? true },
  ],
  push: {
    platform: 'weapp',
    templateIds: [
      ...(push.bill_awaiting_payment ?? true ? ['tmpl-bill'] : []),
      ...(push.portal_login ?? true ? ['tmpl-login'] : []),
    ],
  },
});

/** The class list shows unread: mini-program templates drop data-*. */
const isUnread = (el: Element) => /notif-item--unread/.test(el.className);

function notificationsApi(push: Record<string, boolean> = {}) {
  const state = { notes: NOTES.map((n) => ({ ...n })), push: { ...push } };
  const unread = () => state.notes.filter((n) => !n.readAt).length;
  const routes: Record<string, Route> = {
    'GET /v1/notifications': () => ok({ notifications: state.notes, unread: unread() }),
    'POST /v1/notifications/ntf_1/read': () => {
      state.notes[0]!.readAt = '2026-12-01T03:00:00.000Z';
      return noContent();
    },
    'POST /v1/notifications/read-all': () => {
      for (const n of state.notes) n.readAt ??= '2026-12-01T03:00:00.000Z';
      return noContent();
    },
    'GET /v1/notifications/preferences': () => ok(PREFS(state.push)),
    'PUT /v1/notifications/preferences': ({ data }) => {
      for (const p of (data as { preferences: Array<{ kind: string; push: boolean }> }).preferences) state.push[p.kind] = p.push;
      return ok(PREFS(state.push));
    },
    'POST /v1/notifications/subscriptions': noContent(),
  };
  return { routes, state };
}

describe('weapp pages in miniprogram-simulate', () => {
  it('消息中心: unread marked; a tap marks it read and opens its link; 全部已读', async () => {
    const { routes } = notificationsApi();
    sim.api = apiStub(routes);
    const page = openPage('pages/notifications/index');
    await waitFor(() => page.querySelector('#notif-ntf_1') !== undefined, 'the list');
    const items = () => Array.from(page.dom.querySelectorAll('[class*="notif-item"]')).filter((e) => /(^|\s|--)notif-item(\s|$)/.test(e.className));
    expect(items().map((e) => isUnread(e))).toEqual([true, true, false]);
    expect(items()[0]!.textContent).toContain('您有一张账单待支付');
    expect(items()[0]!.textContent).toContain('2026-12-01 10:00');
    expect(idText(page, 'notif-unread')).toBe('2 条未读');

    tap(page, '#notif-ntf_1');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'the bill page');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/bill/index?id=bill_1' });
    expect(callsTo('POST', '/v1/notifications/ntf_1/read')).toHaveLength(1);
    await waitFor(() => idText(page, 'notif-unread') === '1 条未读', 'one unread left');
    expect(items().map((e) => isUnread(e))).toEqual([false, true, false]);

    // No link: read, no page opened.
    routes['POST /v1/notifications/ntf_2/read'] = noContent();
    tap(page, '#notif-ntf_2');
    await waitFor(() => callsTo('POST', '/v1/notifications/ntf_2/read').length === 1, 'the read mark');
    await waitFor(() => idText(page, 'notif-unread') === '没有未读消息', 'none unread');
    expect(wxCallsNamed('navigateTo')).toHaveLength(1);
    // A read one is not marked again.
    tap(page, '#notif-ntf_3');
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.calls.some((c) => c.path === '/v1/notifications/ntf_3/read')).toBe(false);
  });

  it('消息中心: 全部已读 marks every one read', async () => {
    const { routes } = notificationsApi();
    sim.api = apiStub(routes);
    const page = openPage('pages/notifications/index');
    await waitFor(() => idText(page, 'notif-unread') === '2 条未读', 'the unread count');
    tap(page, '#notif-read-all');
    await waitFor(() => idText(page, 'notif-unread') === '没有未读消息', 'all read');
    expect(callsTo('POST', '/v1/notifications/read-all')).toHaveLength(1);
    expect(page.dom.querySelectorAll('[class*="notif-item--unread"]').length).toBe(0);
  });

  it('push on: wx.requestSubscribeMessage from the tap with the templates of the preferences answer, the answer recorded; off: no dialog', async () => {
    const { routes } = notificationsApi({ portal_login: false });
    sim.api = apiStub(routes);
    sim.subscribeAnswer = { 'tmpl-bill': 'accept', 'tmpl-login': 'reject' };
    const page = openPage('pages/notifications/index');
    await waitFor(() => page.querySelector('#notif-pref-portal_login') !== undefined, 'the preferences');
    expect(page.querySelector('#notif-push-unavailable')).toBeUndefined();
    const isOn = (id: string) => /switch--on/.test(page.querySelector(`#${id}`)?.dom.className ?? '');
    expect(isOn('notif-pref-bill_awaiting_payment')).toBe(true);
    expect(isOn('notif-pref-portal_login')).toBe(false);

    // Off: saved, nothing asked of WeChat.
    tap(page, '#notif-pref-bill_awaiting_payment');
    await waitFor(() => !isOn('notif-pref-bill_awaiting_payment'), 'push off');
    expect(callsTo('PUT', '/v1/notifications/preferences')[0]!.data).toEqual({
      preferences: [
        { kind: 'bill_awaiting_payment', push: false },
        { kind: 'portal_login', push: false },
      ],
    });
    expect(wxCallsNamed('requestSubscribeMessage')).toHaveLength(0);
    expect(page.querySelector('#notif-subscribe')).toBeUndefined();

    // On again: no template known yet (all off), so after saving, 允许推送通知 asks with the next tap.
    tap(page, '#notif-pref-bill_awaiting_payment');
    await waitFor(() => isOn('notif-pref-bill_awaiting_payment'), 'push on');
    await waitFor(() => page.querySelector('#notif-subscribe') !== undefined, 'the consent button');
    expect(idText(page, 'notif-prefs-result')).toContain('允许推送通知');
    expect(wxCallsNamed('requestSubscribeMessage')).toHaveLength(0);
    tap(page, '#notif-subscribe');
    await waitFor(() => callsTo('POST', '/v1/notifications/subscriptions').length === 1, 'the recorded answer');
    expect(wxCallsNamed('requestSubscribeMessage')).toEqual([{ tmplIds: ['tmpl-bill'] }]);
    expect(callsTo('POST', '/v1/notifications/subscriptions')[0]!.data).toEqual({ results: { 'tmpl-bill': 'accept' } });
    await waitFor(() => idText(page, 'notif-prefs-result') === '已允许推送，有新消息时会通知您', 'the consent line');

    // On with a template known: the dialog opens from the tap itself.
    tap(page, '#notif-pref-portal_login');
    await waitFor(() => wxCallsNamed('requestSubscribeMessage').length === 2, 'the dialog');
    expect(wxCallsNamed('requestSubscribeMessage')[1]).toEqual({ tmplIds: ['tmpl-bill'] });
    await waitFor(() => callsTo('POST', '/v1/notifications/subscriptions').length === 2, 'the recorded answer');
    expect(callsTo('POST', '/v1/notifications/subscriptions')[1]!.data).toEqual({ results: { 'tmpl-bill': 'accept' } });
    // The login template came with the change: the next tap asks for it.
    await waitFor(() => idText(page, 'notif-subscribe-hint').includes('还需要您允许'), 'the hint');
    tap(page, '#notif-subscribe');
    await waitFor(() => callsTo('POST', '/v1/notifications/subscriptions').length === 3, 'the recorded answer');
    expect(wxCallsNamed('requestSubscribeMessage')[2]).toEqual({ tmplIds: ['tmpl-bill', 'tmpl-login'] });
    expect(callsTo('POST', '/v1/notifications/subscriptions')[2]!.data).toEqual({ results: { 'tmpl-bill': 'accept', 'tmpl-login': 'reject' } });
  });

  it('home: the 消息中心 entry with the unread count badge, opening the message centre', async () => {
    sim.api = apiStub({
      'GET /v1/cards/me': ok({ card: DEMO_CARD }),
      'POST /v1/cards/me/offline-codes': created({ batchId: 'b', codes: [], limits: {} }),
      'GET /v1/notifications': ok({ notifications: [NOTES[0]], unread: 3 }),
    });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#notif-badge') !== undefined, 'the badge');
    expect(idText(page, 'notif-badge')).toBe('3');
    expect(callsTo('GET', '/v1/notifications')[0]!.query).toBe('?limit=1');
    tap(page, '#go-notifications');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'the message centre');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/notifications/index' });
  });

  it('home: no badge when nothing is unread or the count cannot be read', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': ok({ card: DEMO_CARD }) });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#go-notifications') !== undefined, 'the entry');
    await waitFor(() => callsTo('GET', '/v1/notifications').length === 1, 'the count asked');
    await new Promise((r) => setTimeout(r, 50));
    expect(page.querySelector('#notif-badge')).toBeUndefined();
    expect(page.querySelector('#index-error')).toBeUndefined();
  });
});
