/**
 * Pure modules behind the pages of the holder's own view (issue 12), run in node: where a
 * PIN refusal leads, the 授权管理 confirmation words, the usage log's words, the message
 * centre's badge, links and the platforms' subscription answers, and proof periods.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pinRefusal } from '../../miniapp/src/features/pin/pinEntry.js';
import { confirmationText, needsConfirmation, platformText, withReason, type RevokeTarget } from '../../miniapp/src/features/authorizations/authorizations.js';
import { appendById } from '../../miniapp/src/shared/appendById.js';
import { actorText, businessTypeText, usageKind, usagePlace, USAGE_KINDS } from '../../miniapp/src/features/usage/usage.js';
import {
  appLink,
  markAllRead,
  markRead,
  subscriptionResults,
  templatesToRequest,
  unreadBadge,
  withPush,
} from '../../miniapp/src/features/notifications/notifications.js';
import { addMonths, chinaMonth, isMonth, monthLabel, monthOptions, periodPresets, periodProblem } from '../../miniapp/src/features/proofs/proofs.js';
import { USAGE_KINDS as SERVER_USAGE_KINDS, USAGE_ACTORS } from '../../functions/usage/usage.rules.js';

describe('PIN refusals', () => {
  it('send the holder back where the fix is', () => {
    expect(pinRefusal('wrong_pin')).toBe('current');
    expect(pinRefusal('pin_locked')).toBe('locked');
    expect(pinRefusal('pin_rule_violated')).toBe('new');
    expect(pinRefusal('pin_unchanged')).toBe('new');
    expect(pinRefusal('face_expired')).toBe('face');
    expect(pinRefusal('face_used')).toBe('face');
    expect(pinRefusal('validation_failed', ['body.newPin'])).toBe('new');
    expect(pinRefusal('validation_failed', ['body.currentPin'])).toBe('current');
    expect(pinRefusal('validation_failed', ['body.faceVerificationId'])).toBe('face');
    expect(pinRefusal('network_error')).toBe('other');
    expect(pinRefusal(undefined)).toBe('other');
  });
});

describe('授权管理', () => {
  const target = (over: Partial<RevokeTarget> = {}): RevokeTarget => ({ kind: 'channel', channelId: 'demo-bank', name: '演示银行', current: false, lastBinding: false, ...over });

  it('asks for a yes only for this app or the last binding, never for a website', () => {
    expect(needsConfirmation(target())).toBe(false);
    expect(needsConfirmation(target({ current: true }))).toBe(true);
    expect(needsConfirmation(target({ lastBinding: true }))).toBe(true);
    expect(needsConfirmation(target({ kind: 'portal', current: true }))).toBe(false);
  });

  it("says what the holder loses, and takes the server's reason", () => {
    const current = confirmationText(target({ current: true }), false);
    expect(current.title).toBe('解除本应用的授权？');
    expect(current.paragraphs.join('')).toContain('不能在本应用中使用电子社保卡');
    expect(current.okText).toBe('继续解除');
    const last = confirmationText(withReason(target(), 'last_binding'), true);
    expect(last.title).toBe('解除“演示银行”的授权？');
    expect(last.paragraphs.join('')).toContain('最后一个应用');
    expect(last.okText).toBe('确认解除');
    expect(withReason(target(), 'current_channel').current).toBe(true);
    expect(withReason(target(), 'other')).toEqual(target());
    expect(confirmationText(target(), true, '服务端的说明').paragraphs).toEqual(['服务端的说明']);
    expect(platformText('weapp')).toBe('微信小程序');
    expect(platformText('alipay')).toBe('支付宝小程序');
    expect(platformText('unknown')).toBe('应用');
  });
});

describe('用卡记录', () => {
  it("has words for every kind and actor the server logs", () => {
    for (const kind of SERVER_USAGE_KINDS) expect(Object.keys(USAGE_KINDS), kind).toContain(kind);
    for (const actor of USAGE_ACTORS) expect(actorText(actor), actor).not.toBe('其他');
    expect(usageKind('something_new')).toEqual({ label: '用卡', icon: '卡' });
  });

  it('names where and through whom, business types in words', () => {
    expect(businessTypeText('01101')).toBe('挂号');
    expect(businessTypeText('payment')).toBe('支付');
    expect(businessTypeText('zz')).toBe('zz');
    expect(
      usagePlace({ id: 'u', at: '', kind: 'code_verification', actor: 'self', detail: '', institution: { id: 'i', name: '示范大药房' }, businessType: '02121', channel: { id: 'c', name: '演示银行' } }),
    ).toBe('示范大药房 · 药店购药 · 演示银行');
    expect(usagePlace({ id: 'u', at: '', kind: 'claim', actor: 'self', detail: '' })).toBe('');
  });

  it('appends a next page without showing an entry twice', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 50 })), fc.array(fc.integer({ min: 0, max: 50 })), (a, b) => {
        const e = (i: number) => ({ id: `u${i}`, at: '', kind: 'claim', actor: 'self', detail: '' });
        const out = appendById(a.map(e), b.map(e));
        expect(new Set(out.map((x) => x.id)).size).toBe(out.length);
        expect(out.slice(0, a.length).map((x) => x.id)).toEqual(a.map((i) => `u${i}`));
      }),
    );
  });
});

describe('消息中心', () => {
  it('badge: nothing at 0, the count, 99+', () => {
    expect(unreadBadge(0)).toBe('');
    expect(unreadBadge(-1)).toBe('');
    expect(unreadBadge(7)).toBe('7');
    expect(unreadBadge(99)).toBe('99');
    expect(unreadBadge(100)).toBe('99+');
  });

  it('follows only links to pages of this app', () => {
    expect(appLink('/pages/bill/index?id=bill_1')).toBe('/pages/bill/index?id=bill_1');
    expect(appLink('/pages/pension/index')).toBe('/pages/pension/index');
    for (const bad of ['https://evil.example/pages/bill/index', 'javascript:alert(1)', '/pages/../x', '//evil.example', '', undefined]) expect(appLink(bad), String(bad)).toBeUndefined();
  });

  it('marks read one or all; a next page adds none twice', () => {
    const n = (id: string, readAt?: string) => ({ id, kind: 'k', title: 't', body: '', at: '', ...(readAt ? { readAt } : {}) });
    const list = [n('a'), n('b', 'x')];
    expect(markRead(list, 'a', 'now')).toEqual([n('a', 'now'), n('b', 'x')]);
    expect(markRead(list, 'b', 'now')).toEqual(list);
    expect(markAllRead(list, 'now')).toEqual([n('a', 'now'), n('b', 'x')]);
    expect(appendById(list, [n('b'), n('c')]).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('asks for three templates at most, each once', () => {
    expect(templatesToRequest(['a', 'b', 'a', '', 'c', 'd'])).toEqual(['a', 'b', 'c']);
    expect(templatesToRequest(undefined)).toEqual([]);
  });

  it("reads WeChat's and Alipay's answers per template; 'filter' and unknown answers are left out", () => {
    expect(subscriptionResults(['a', 'b', 'c', 'd'], { errMsg: 'requestSubscribeMessage:ok', a: 'accept', b: 'reject', c: 'ban', d: 'filter' })).toEqual({
      a: 'accept',
      b: 'reject',
      c: 'ban',
    });
    expect(subscriptionResults(['a', 'b'], { behavior: 'subscribe', result: { subscribedEntityIds: ['a'], unsubscribedEntityIds: ['b'] } })).toEqual({ a: 'accept', b: 'reject' });
    expect(subscriptionResults(['a'], { x: 'accept' })).toEqual({});
    expect(subscriptionResults(['a'], null)).toEqual({});
  });

  it('switches one kind', () => {
    const prefs = [
      { kind: 'a', label: 'A', push: true },
      { kind: 'b', label: 'B', push: true },
    ];
    expect(withPush(prefs, 'b', false)).toEqual([prefs[0], { kind: 'b', label: 'B', push: false }]);
  });
});

describe('proof periods', () => {
  it('months in China time, moved and named', () => {
    expect(chinaMonth(Date.parse('2026-12-31T16:30:00Z'))).toBe('2027-01');
    expect(chinaMonth(Date.parse('2026-12-31T15:30:00Z'))).toBe('2026-12');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-05', -35)).toBe('2023-06');
    expect(monthLabel('2025-01')).toBe('2025年1月');
    expect(isMonth('2025-13')).toBe(false);
    expect(monthOptions('2026-03', 1)).toHaveLength(12);
    expect(monthOptions('2026-03', 1)[11]).toBe('2025-04');
  });

  it('moving a month there and back is the same month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -600, max: 600 }), (y, m, d) => {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        expect(isMonth(addMonths(month, d))).toBe(true);
        expect(addMonths(addMonths(month, d), -d)).toBe(month);
      }),
    );
  });

  it('presets end this month at the latest; a period ending before it starts or in the future is refused', () => {
    for (const p of periodPresets('2026-05')) {
      expect(periodProblem(p.period, '2026-05'), p.id).toBeUndefined();
      expect(p.period.from <= p.period.to).toBe(true);
    }
    expect(periodPresets('2026-05').find((p) => p.id === 'last-year')!.period).toEqual({ from: '2025-01', to: '2025-12' });
    expect(periodProblem({ from: '2026-03', to: '2026-01' }, '2026-05')).toBe('结束月份不能早于开始月份');
    expect(periodProblem({ from: '2026-03', to: '2026-06' }, '2026-05')).toBe('不能选择未来的月份');
    expect(periodProblem({ from: '', to: '2026-01' }, '2026-05')).toBe('请选择起止月份');
  });
});
