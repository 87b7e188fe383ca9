/**
 * The holder in control (issue 12), against DynamoDB Local: PIN change and reset by face
 * (racing wrong PINs), a loss report by face when the PIN is locked, 授权管理 revoking another
 * channel (its live session and code die at once), notifications exactly once per event under
 * repeated and concurrent relays, one-time push subscriptions, and due reminders told once.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putChannel } from '../../functions/channels/channel.store.js';
import { changePin, resetPin } from '../../functions/cards/pin.js';
import { reportLoss } from '../../functions/cards/lossReport.js';
import { claimCard } from '../../functions/cards/claim.js';
import { myCard } from '../../functions/cards/myCard.js';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { getCard } from '../../functions/holder/card.store.js';
import { listBindingsOfCard } from '../../functions/holder/binding.store.js';
import { authorizationsOf, revokeAuthorization } from '../../functions/authorizations/authorizations.js';
import { markEverythingRead, markRead, notificationsOf, preferencesOf, recordSubscriptions, setPreferences } from '../../functions/notifications/messages.js';
import { notifyHolder } from '../../functions/notifications/notify.js';
import { notifyRecords } from '../../functions/notifications/workers.js';
import { sweepReminders } from '../../functions/notifications/reminderWorker.js';
import { holderEventOf } from '../../functions/notifications/holderEvent.store.js';
import { startSandboxPushServer, type SandboxPushServer } from '../../scripts/sandbox/push/server.js';
import { claimAs, faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const NEW_PIN = '402719';
const OTHER = 'it-control-channel-b';
const PHARMACY = 'demo-pharmacy';
let push: SandboxPushServer;

beforeAll(async () => {
  await startFace();
  push = await startSandboxPushServer({ port: 0 });
  process.env.SANDBOX_PUSH_URL = push.url;
  await putChannel({ id: OTHER, name: '测试渠道乙', platform: 'h5', login: 'sandbox', faceProvider: 'sandbox', state: 'live' });
});
afterAll(async () => {
  await stopFace();
  await push.close();
});

const problemOf = async (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'ok', status: 200 }) as { code: string; status?: number; attemptsLeft?: number },
    (err: { code: string; status?: number; extensions?: { attemptsLeft?: number } }) => ({ code: err.code, status: err.status, attemptsLeft: err.extensions?.attemptsLeft }),
  );

/** Every outbox item written since `since` for this card, as the stream would carry them. */
async function outboxOf(cardId: string, since: string) {
  // The outbox has no index by card: scan for the items this test wrote (DynamoDB Local, one table).
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(pk, :o) AND cardId = :c AND #at >= :since',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':o': 'OUTBOX#', ':c': cardId, ':since': since },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Relays this card's outbox to the notifier, as the stream does (`times` over, to prove once-only). */
async function relayNotices(cardId: string, since: string, times = 1) {
  const records = (await outboxOf(cardId, since)).map((item) => ({ eventName: 'INSERT', dynamodb: { NewImage: marshallLike(item) } }));
  for (let i = 0; i < times; i++) await notifyRecords(records);
}

// notifyRecords takes stream images (marshalled); the items from the document client are plain.
const marshallLike = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as unknown as Record<string, unknown>;

describe('PIN change', () => {
  it('refuses a wrong current PIN (counted), the same PIN, a PIN against the rules; then changes it, tells every channel and the holder', async () => {
    const holder = await claimAs(people.claimable(0), PIN);
    const second = await claimAs(holder.person, PIN, newSession(OTHER));
    const since = new Date().toISOString();
    expect(await problemOf(changePin(holder.session, '000001', NEW_PIN))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 4 });
    expect(await problemOf(changePin(holder.session, PIN, PIN))).toMatchObject({ code: 'pin_unchanged', status: 422 });
    expect(await problemOf(changePin(holder.session, PIN, '123456'))).toMatchObject({ code: 'pin_rule_violated', status: 422 });
    const before = (await getCard(holder.cardId))!;
    const card = await changePin(holder.session, PIN, NEW_PIN);
    expect(card.id).toBe(holder.cardId);
    const after = (await getCard(holder.cardId))!;
    expect(after.pinHash).not.toBe(before.pinHash);
    expect(after.pinFailures).toBe(0);
    expect(after.version).toBe(before.version + 1);
    // The old PIN no longer works, the new one does (a PIN use: the loss report).
    expect(await problemOf(reportLoss(second.session, 'temporary', PIN))).toMatchObject({ code: 'wrong_pin' });
    const events = await outboxOf(holder.cardId, since);
    const changed = events.filter((e) => e.eventType === 'pin.changed');
    expect(changed).toHaveLength(1);
    expect((changed[0]!.targets as { channelId: string }[]).map((t) => t.channelId).sort()).toEqual(['sandbox', OTHER].sort());
    expect(events.filter((e) => e.type === 'outboxHolderEvent' && e.kind === 'pin_changed')).toHaveLength(1);
    expect((await reportLoss(second.session, 'temporary', NEW_PIN)).status).toBe('lost_temporary');
  });
});

describe('PIN reset by face', () => {
  it('a locked PIN is reset with a pin_reset face check; other purposes, other people and a used check are refused', async () => {
    const holder = await claimAs(people.claimable(1), PIN);
    for (let i = 0; i < 5; i++) await problemOf(reportLoss(holder.session, 'temporary', '000001'));
    const locked = await problemOf(reportLoss(holder.session, 'temporary', PIN));
    expect(locked).toMatchObject({ code: 'pin_locked', status: 423 });
    await expect(reportLoss(holder.session, 'temporary', PIN)).rejects.toMatchObject({ extensions: { resetPath: '/v1/cards/me/pin-reset' } });

    const wrongPurpose = await faceCheck(holder.session, 'unbind', 'pass');
    expect(await problemOf(resetPin(holder.session, wrongPurpose.id, NEW_PIN))).toMatchObject({ status: 422 });
    const failed = await faceCheck(holder.session, 'pin_reset', 'fail');
    expect((await problemOf(resetPin(holder.session, failed.id, NEW_PIN))).status).toBe(422);
    // Someone else's face check, started on another phone: not this holder's.
    const stranger = await claimAs(people.claimable(2), PIN);
    const strangers = await faceCheck(stranger.session, 'pin_reset', 'pass');
    expect((await problemOf(resetPin(holder.session, strangers.id, NEW_PIN))).code).not.toBe('ok');

    const face = await faceCheck(holder.session, 'pin_reset', 'pass');
    expect(await problemOf(resetPin(holder.session, face.id, '111111'))).toMatchObject({ code: 'pin_rule_violated' });
    await resetPin(holder.session, face.id, NEW_PIN);
    const card = (await getCard(holder.cardId))!;
    expect(card.pinLockedUntil).toBeUndefined();
    expect(card.pinFailures).toBe(0);
    expect(await problemOf(resetPin(holder.session, face.id, '402791'))).toMatchObject({ code: 'face_verification_used' });
    expect((await reportLoss(holder.session, 'temporary', NEW_PIN)).status).toBe('lost_temporary');
  });

  it('a reset racing 12 wrong PINs: the new PIN works and is not locked by guesses at the old one', async () => {
    const holder = await claimAs(people.claimable(3), PIN);
    const face = await faceCheck(holder.session, 'pin_reset', 'pass');
    const [reset, ...guesses] = await Promise.all([
      problemOf(resetPin(holder.session, face.id, NEW_PIN)),
      ...Array.from({ length: 12 }, () => problemOf(changePin(holder.session, '000001', '402791'))),
    ]);
    expect(reset.code).toBe('ok');
    // Each guess was refused: wrong, locked (against the old PIN) or overtaken by the reset.
    for (const g of guesses) expect(['wrong_pin', 'pin_locked', 'concurrent_update']).toContain(g.code);
    const card = (await getCard(holder.cardId))!;
    expect(card.pinLockedUntil === undefined || card.pinLockedUntil <= new Date().toISOString()).toBe(true);
    expect(card.pinFailures).toBeLessThan(5);
    // The new PIN works at once.
    await changePin(holder.session, NEW_PIN, '402791');
  });
});

describe('a loss report when the PIN is locked', () => {
  it('accepts a loss_report face check instead of the PIN, once', async () => {
    const holder = await claimAs(people.claimable(4), PIN);
    for (let i = 0; i < 5; i++) await problemOf(reportLoss(holder.session, 'formal', '000001'));
    expect((await problemOf(reportLoss(holder.session, 'formal', PIN))).code).toBe('pin_locked');
    const unbindFace = await faceCheck(holder.session, 'unbind', 'pass');
    expect((await problemOf(reportLoss(holder.session, 'formal', { faceVerificationId: unbindFace.id }))).status).toBe(422);
    const face = await faceCheck(holder.session, 'loss_report', 'pass');
    expect((await reportLoss(holder.session, 'formal', { faceVerificationId: face.id })).status).toBe('lost_formal');
    expect((await getCard(holder.cardId))!.status).toBe('lost_formal');
  });
});

describe('授权管理', () => {
  it('lists both channels; revoking the other one with the PIN kills its live session and code at once', async () => {
    const holder = await claimAs(people.claimable(5), PIN);
    const other = await claimAs(holder.person, PIN, newSession(OTHER));
    const otherCode = await issueCode(other.session);
    const list = await authorizationsOf(holder.session);
    expect(list.channels.map((c) => [c.channelId, c.current])).toEqual([
      ['sandbox', true],
      [OTHER, false],
    ]);
    expect(list.channels[1]).toMatchObject({ name: '测试渠道乙', platform: 'h5', boundAt: expect.any(String), lastUsedAt: expect.any(String) });
    expect(list.portals).toEqual([]);

    expect(await problemOf(revokeAuthorization(holder.session, 'it-not-bound-here', { pin: PIN }))).toMatchObject({ code: 'authorization_not_found', status: 404 });
    expect(await problemOf(revokeAuthorization(holder.session, OTHER, { pin: '000001' }))).toMatchObject({ code: 'wrong_pin' });
    const since = new Date().toISOString();
    await revokeAuthorization(holder.session, OTHER, { pin: PIN });

    expect(await problemOf(myCard(other.session))).toMatchObject({ code: 'card_not_found', status: 404 });
    expect(await problemOf(verifyCode(PHARMACY, otherCode.code, 'query'))).not.toMatchObject({ code: 'ok' });
    expect((await listBindingsOfCard(holder.cardId)).map((b) => b.channelId)).toEqual(['sandbox']);
    const removed = (await outboxOf(holder.cardId, since)).filter((e) => e.eventType === 'binding.removed');
    expect(removed).toHaveLength(1);
    expect((removed[0]!.targets as { channelId: string }[])[0]!.channelId).toBe(OTHER);
    // A second revocation: nothing left to revoke.
    expect(await problemOf(revokeAuthorization(holder.session, OTHER, { pin: PIN }))).toMatchObject({ code: 'authorization_not_found' });
    // The holder's own app still works.
    expect((await myCard(holder.session)).id).toBe(holder.cardId);
  });

  it('revoking this app or the last binding needs a confirmation; with it, the card is unbound here', async () => {
    const holder = await claimAs(people.claimable(6), PIN);
    expect(await problemOf(revokeAuthorization(holder.session, 'sandbox', { pin: PIN }))).toMatchObject({ code: 'confirmation_required', status: 409 });
    expect((await getCard(holder.cardId))!.pinFailures).toBe(0);
    const face = await faceCheck(holder.session, 'unbind', 'pass');
    await revokeAuthorization(holder.session, 'sandbox', { faceVerificationId: face.id, confirm: true });
    expect(await problemOf(myCard(holder.session))).toMatchObject({ code: 'card_not_found' });
  });
});

describe('notifications', () => {
  it('one notification and one push per event, however often and however concurrently it is relayed', async () => {
    const holder = await claimAs(people.claimable(7), PIN);
    const templateId = 'sandbox-pin-changed';
    await recordSubscriptions(holder.session, { [templateId]: 'accept' });
    await recordSubscriptions(holder.session, { [templateId]: 'accept' });
    const since = new Date().toISOString();
    await changePin(holder.session, PIN, NEW_PIN);
    const [item] = (await outboxOf(holder.cardId, since)).filter((e) => e.type === 'outboxHolderEvent');
    const event = holderEventOf(item)!;
    await Promise.all(Array.from({ length: 6 }, () => notifyHolder(event)));
    await relayNotices(holder.cardId, since, 3);

    const list = await notificationsOf(holder.session, 20);
    expect(list.notifications.filter((n) => n.kind === 'pin_changed')).toHaveLength(1);
    expect(list.unread).toBe(1);
    expect(list.notifications[0]).toMatchObject({ title: '密码已修改', link: '/pages/settings/index' });
    const sent = await (await fetch(`${push.url}/api/messages?openid=${holder.session.openid}`)).json() as { messages: { templateId: string; data: Record<string, string> }[] };
    expect(sent.messages.filter((m) => m.templateId === templateId)).toHaveLength(1);
    expect(sent.messages[0]!.data.thing1).toBe('密码已修改');

    await markRead(holder.session, list.notifications[0]!.id);
    await markRead(holder.session, list.notifications[0]!.id);
    expect((await notificationsOf(holder.session, 20)).unread).toBe(0);
    expect(await problemOf(markRead(holder.session, 'ntf_not-mine'))).toMatchObject({ code: 'notification_not_found', status: 404 });
  });

  it("events of one notice key (a relative's code shown, hourly) make one notification and one unread, however many and however concurrent", async () => {
    const holder = await claimAs(people.claimable(13), PIN);
    const base = Date.parse('2026-11-20T08:05:00Z');
    const event = (i: number, minutes: number) => ({
      eventId: `evt_fam${i}${holder.cardId.slice(-8)}`,
      kind: 'family_code_shown' as const,
      cardId: holder.cardId,
      at: new Date(base + minutes * 60_000).toISOString(),
      data: { relationship: 'child' },
      noticeKey: `family_code:helper-x:${new Date(base).toISOString().slice(0, 13)}`,
    });
    const first = await notifyHolder(event(0, 0));
    const later = await notifyHolder(event(1, 20));
    expect(later.at).toBe(first.at);
    await Promise.all([2, 3, 4, 5].map((i) => notifyHolder(event(i, 30 + i))));
    // Another hour's key is another notification.
    await notifyHolder({ ...event(6, 70), noticeKey: 'family_code:helper-x:2026-11-20T09' });
    const list = await notificationsOf(holder.session, 20);
    expect(list.notifications.filter((n) => n.kind === 'family_code_shown').map((n) => n.at)).toEqual([event(6, 70).at, first.at]);
    expect(list.unread).toBe(2);
    // The markers go with the table's TTL once no redelivered event can need them (as long as the outbox event).
    const markers = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :k)', ExpressionAttributeValues: { ':pk': `NOTIFS#${holder.cardId}`, ':k': 'K#' } }),
    );
    expect(markers.Items?.map((m) => m.ttl - Date.parse(m.at) / 1000).sort()).toEqual([7 * 86_400, 7 * 86_400]);
  });

  it('one notification is read by its id alone (it carries its time): an old one under newer ones, never another holder’s, never an id of before', async () => {
    const [holder, other] = await Promise.all([claimAs(people.claimable(11), PIN), claimAs(people.claimable(12), PIN)]);
    const hour = 3_600_000;
    const base = Date.now() - 400 * 24 * hour;
    // Over a year old, then newer ones in front of it (the list is newest first).
    const old = await notifyHolder({ eventId: `evt_old${holder.cardId.slice(-8)}`, kind: 'pin_changed', cardId: holder.cardId, at: new Date(base).toISOString(), data: {} });
    for (let i = 1; i <= 5; i++) {
      await notifyHolder({ eventId: `evt_new${i}${holder.cardId.slice(-8)}`, kind: 'loss_reported', cardId: holder.cardId, at: new Date(base + i * 24 * hour).toISOString(), data: { lossKind: 'temporary' } });
    }
    const list = await notificationsOf(holder.session, 50);
    expect(list.unread).toBe(6);
    const oldView = list.notifications.find((n) => n.kind === 'pin_changed')!;
    expect(oldView.at).toBe(old.at);
    expect(oldView.id).toMatch(/^ntf_[A-Za-z0-9_-]{1,60}$/);
    expect(new Set(list.notifications.map((n) => n.id)).size).toBe(6);

    // Another holder's id names nothing in this holder's messages, and the other way round.
    expect(await problemOf(markRead(other.session, oldView.id))).toMatchObject({ code: 'notification_not_found', status: 404 });
    expect((await notificationsOf(holder.session, 50)).unread).toBe(6);
    // The id as given before it carried the time (the stored id alone): a clean 404, nothing marked.
    expect(await problemOf(markRead(holder.session, old.id))).toMatchObject({ code: 'notification_not_found', status: 404 });
    // The right time with another suffix, or this suffix at another time: nothing either.
    const newer = list.notifications.find((n) => n.kind === 'loss_reported')!;
    expect(await problemOf(markRead(holder.session, `${oldView.id.slice(0, 22)}${newer.id.slice(22)}`))).toMatchObject({ code: 'notification_not_found' });
    expect(await problemOf(markRead(holder.session, `${newer.id.slice(0, 22)}${oldView.id.slice(22)}`))).toMatchObject({ code: 'notification_not_found' });

    await markRead(holder.session, oldView.id);
    await markRead(holder.session, oldView.id);
    const after = await notificationsOf(holder.session, 50);
    expect(after.unread).toBe(5);
    expect(after.notifications.find((n) => n.id === oldView.id)!.readAt).toBeDefined();
    expect(after.notifications.filter((n) => n.readAt)).toHaveLength(1);
    expect(after.notifications.map((n) => n.id)).toEqual(list.notifications.map((n) => n.id));
  });

  it('no push without a subscription left or with the kind turned off; the message centre still has it; read-all', async () => {
    const holder = await claimAs(people.claimable(8), PIN);
    const prefs = await preferencesOf(holder.session);
    expect(prefs.preferences.find((p) => p.kind === 'loss_reported')).toMatchObject({ push: true, label: '挂失' });
    expect(prefs.push.templateIds).toContain('sandbox-loss-reported');
    await setPreferences(holder.session, [{ kind: 'loss_reported', push: false }]);
    expect((await preferencesOf(holder.session)).push.templateIds).not.toContain('sandbox-loss-reported');
    expect(await problemOf(recordSubscriptions(holder.session, { 'someone-elses-template': 'accept' }))).toMatchObject({ code: 'template_not_offered' });
    await recordSubscriptions(holder.session, { 'sandbox-loss-reported': 'accept' });
    const since = new Date().toISOString();
    await reportLoss(holder.session, 'temporary', PIN);
    await relayNotices(holder.cardId, since);
    const list = await notificationsOf(holder.session, 20);
    expect(list.notifications.map((n) => n.kind)).toContain('loss_reported');
    const sent = await (await fetch(`${push.url}/api/messages?openid=${holder.session.openid}`)).json() as { messages: unknown[] };
    expect(sent.messages).toHaveLength(0);
    await markEverythingRead(holder.session);
    const read = await notificationsOf(holder.session, 20);
    expect(read.unread).toBe(0);
    expect(read.notifications.every((n) => n.readAt)).toBe(true);
  });

  it('a temporary loss report reminds the holder of its lapse once, when it is due', async () => {
    const holder = await claimAs(people.claimable(9), PIN);
    const since = new Date().toISOString();
    const card = await reportLoss(holder.session, 'temporary', PIN);
    const lapse = new Date(Date.parse(card.lossReport!.expiresAt!) + 1000);
    const [a, b] = await Promise.all([sweepReminders(lapse), sweepReminders(lapse)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    await relayNotices(holder.cardId, since, 2);
    const kinds = (await notificationsOf(holder.session, 20)).notifications.map((n) => n.kind);
    expect(kinds.filter((k) => k === 'loss_lapsed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'loss_reported')).toHaveLength(1);
    // Swept again: nothing left to tell.
    await sweepReminders(lapse);
    await relayNotices(holder.cardId, since);
    expect((await notificationsOf(holder.session, 20)).notifications.filter((n) => n.kind === 'loss_lapsed')).toHaveLength(1);
  });

  it('a claim into another channel tells the holder (a stranger’s claim would show here)', async () => {
    const holder = await claimAs(people.claimable(10), PIN);
    const since = new Date().toISOString();
    const session: Session = newSession(OTHER);
    const face = await faceCheck(session, 'claim', 'pass', holder.person);
    await claimCard(session, { name: holder.person.name, idNumber: holder.person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
    await relayNotices(holder.cardId, since);
    const [notice] = (await notificationsOf(holder.session, 20)).notifications;
    expect(notice).toMatchObject({ kind: 'channel_bound', body: expect.stringContaining('测试渠道乙') });
  });
});
