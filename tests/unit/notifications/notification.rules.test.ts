import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_LABELS, NOTIFICATION_KINDS, noticeOf, notificationIdOf, notificationKeyOf, notificationPublicId, wantsPush, yuan, type NoticeData } from '../../../functions/notifications/notification.rules.js';
import { NotificationParams } from '../../../functions/notifications/notifications.schemas.js';

const dataArb: fc.Arbitrary<NoticeData> = fc.record(
  {
    amount: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constant(Number.NaN)),
    institutionName: fc.string({ maxLength: 40 }),
    channelName: fc.string({ maxLength: 40 }),
    billId: fc.string({ minLength: 1, maxLength: 30 }),
    settlementId: fc.string({ minLength: 1, maxLength: 30 }),
    dueDate: fc.constantFrom('2027-01-31', '2026-12-31'),
    relationship: fc.constantFrom('parent', 'child', 'spouse', 'grandparent', 'sibling', 'other', 'unknown'),
    lossKind: fc.constantFrom('temporary' as const, 'formal' as const),
  },
  { requiredKeys: [] },
);

describe('notices', () => {
  it('every kind has a label and a zh-CN title and body for any data, never NaN, and a link inside the app', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KINDS), dataArb, (kind, data) => {
        const notice = noticeOf(kind, data);
        expect(KIND_LABELS[kind].length).toBeGreaterThan(0);
        expect(notice.title).toMatch(/[\u4e00-\u9fff]/);
        expect(notice.body).toMatch(/[\u4e00-\u9fff]/);
        expect(`${notice.title}${notice.body}`).not.toMatch(/NaN|undefined|null/);
        if (notice.link) expect(notice.link).toMatch(/^\/pages\/[a-z-]+\/index(\?[a-zA-Z]+=[^&]*)?$/);
      }),
    );
  });

  it('says the amount as the app does, and which relative acted from the relative’s side', () => {
    expect(yuan(1250)).toBe('¥12.50');
    expect(noticeOf('refund_done', { amount: 1250, institutionName: '演示药房' }).body).toBe('演示药房已为您退款¥12.50，医保部分已退回账户。');
    // The binding says the relative is the helper's parent: the relative hears from their child.
    expect(noticeOf('family_code_shown', { relationship: 'parent' }).body).toContain('您的子女');
    expect(noticeOf('family_certified', { relationship: 'child' }).body).toContain('您的父母');
    expect(noticeOf('bill_awaiting_payment', { billId: 'bl_1 2' }).link).toBe('/pages/bill/index?id=bl_1%202');
  });

  it('push follows the holder’s choice, else the default; ids are one per event or one per notice key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KINDS), fc.option(fc.boolean(), { nil: undefined }), (kind, choice) => {
        expect(wantsPush(kind, choice === undefined ? {} : { [kind]: choice })).toBe(choice ?? true);
      }),
    );
    expect(notificationIdOf('evt_abc')).toBe('ntf_abc');
    const digest = (k: string) => k.length.toString();
    expect(notificationIdOf('evt_a', 'key', digest)).toBe(notificationIdOf('evt_b', 'key', digest));
    expect(notificationIdOf('evt_a', 'key', digest)).not.toBe(notificationIdOf('evt_a', 'other-key', digest));
  });

  it('the id a holder is given carries the time: the stored key comes back from it, and it passes the route’s id check', () => {
    const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 1, maxLength: 33 });
    const time = fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2999-12-31T23:59:59.999Z'), noInvalidDate: true });
    fc.assert(
      fc.property(time, fc.oneof(base64url.map((e) => notificationIdOf(`evt_${e}`)), base64url.map((k) => notificationIdOf('evt_x', k, (key) => key))), (at, storedId) => {
        const iso = at.toISOString();
        const id = notificationPublicId(iso, storedId);
        expect(notificationKeyOf(id)).toEqual({ at: iso, id: storedId });
        expect(NotificationParams.safeParse({ id }).success).toBe(true);
      }),
    );
    expect(notificationPublicId('2026-12-03T07:44:11.522Z', 'ntf_abc')).toBe('ntf_t20261203074411522abc');
    // Ids given before they carried the time, and anything else, name no key.
    for (const before of ['ntf_abc', `ntf_k${'a'.repeat(32)}`, 'ntf_t2026', 'ntf_t20261203074411522', 'xyz_t20261203074411522abc']) expect(notificationKeyOf(before), before).toBeUndefined();
    // A time not as toISOString writes it is not encoded (never the case for notifyHolder's).
    expect(notificationPublicId('2026-12-03T07:44:11Z', 'ntf_abc')).toBe('ntf_abc');
  });
});
