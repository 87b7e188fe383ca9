/**
 * The holder's message centre: `NOTIFS#<cardId>` holds one item per notification
 * (`N#<at>#<id>`; the id the holder is given carries `at` too, notification.rules
 * notificationPublicId, so one is read by its key), the unread count and the read-all
 * watermark (`STATE`), the push preferences (`PREFS`); `PUSHQUOTA#<channelId>#<openid>` /
 * `<templateId>` counts the one-time subscriptions a holder granted (WeChat's 一次性订阅:
 * each accept allows one send).
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { fromItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';
import { epochSeconds } from '../core/clock.js';
import { ttlFrom } from '../core/retention.js';
import type { NotificationKind } from './notification.rules.js';

export type PushState = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface NotificationRecord {
  id: string;
  cardId: string;
  eventId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string;
  at: string;
  readAt?: string;
  push: PushState;
  /** Per channel: the push outcome (sent, not_subscribed, …). */
  pushes?: Record<string, string>;
}

export interface NotificationState {
  unread: number;
  /** Everything at or before this time counts as read (全部已读). */
  readAllAt?: string;
}

const partition = (cardId: string) => `NOTIFS#${cardId}`;
export const notificationKey = (cardId: string, at: string, id: string) => ({ pk: partition(cardId), sk: `N#${at}#${id}` });
/** The first notification of a notice key (one per hour for a relative's code…): later events of the key merge into it. */
const noticeMarkerKey = (cardId: string, id: string) => ({ pk: partition(cardId), sk: `K#${id}` });
const stateKey = (cardId: string) => ({ pk: partition(cardId), sk: 'STATE' });
const prefsKey = (cardId: string) => ({ pk: partition(cardId), sk: 'PREFS' });
const quotaKey = (channelId: string, openid: string, templateId: string) => ({ pk: `PUSHQUOTA#${channelId}#${openid}`, sk: templateId });

/** The notification's Put, once per id (a relay seen twice writes nothing). */
export function notificationPut(record: NotificationRecord): TransactItem {
  return { Put: newItem(notificationKey(record.cardId, record.at, record.id), 'notification', record) };
}

/** When the notification of this notice key was written, if it was. */
export async function getNoticeMarker(cardId: string, id: string): Promise<{ at: string } | undefined> {
  return getRecord<{ at: string }>(noticeMarkerKey(cardId, id));
}

/** Written with the first notification of a notice key: a second event of the key finds it and writes nothing new. */
export function noticeMarkerPut(cardId: string, id: string, at: string): TransactItem {
  return { Put: newItem(noticeMarkerKey(cardId, id), 'noticeMarker', { at }, { ttl: ttlFrom('noticeMarker', epochSeconds(new Date(at))) }) };
}

/** One more unread notification. */
export function unreadIncrement(cardId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: stateKey(cardId),
      UpdateExpression: 'SET #t = :type ADD unread :one',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'notificationState' },
    },
  };
}

/** Marks one notification read, if it is not already (by itself or by the read-all watermark). */
export function markReadParts(record: Pick<NotificationRecord, 'cardId' | 'at' | 'id'>, readAt: string): { read: TransactItem; count: TransactItem } {
  return {
    read: {
      Update: {
        TableName: tableName(),
        Key: notificationKey(record.cardId, record.at, record.id),
        UpdateExpression: 'SET readAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
        ExpressionAttributeValues: { ':now': readAt },
      },
    },
    count: {
      Update: {
        TableName: tableName(),
        Key: stateKey(record.cardId),
        UpdateExpression: 'ADD unread :minus',
        ConditionExpression: 'unread > :zero AND (attribute_not_exists(readAllAt) OR readAllAt < :at)',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0, ':at': record.at },
      },
    },
  };
}

/** 全部已读: the count back to zero and the watermark moved to now. */
export async function markAllRead(cardId: string, at: string): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: stateKey(cardId),
      UpdateExpression: 'SET unread = :zero, readAllAt = :at, #t = :type',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':zero': 0, ':at': at, ':type': 'notificationState' },
    }),
  );
}

export async function getNotificationState(cardId: string): Promise<NotificationState> {
  const state = await getRecord<NotificationState>(stateKey(cardId));
  return { unread: Math.max(0, state?.unread ?? 0), ...(state?.readAllAt ? { readAllAt: state.readAllAt } : {}) };
}

export async function getNotification(cardId: string, at: string, id: string): Promise<NotificationRecord | undefined> {
  return getRecord<NotificationRecord>(notificationKey(cardId, at, id));
}

/** A page of notifications, newest first. */
export async function listNotifications(cardId: string, limit: number, afterSk?: string): Promise<{ items: NotificationRecord[]; next?: string }> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
      ExpressionAttributeValues: { ':pk': partition(cardId), ':n': 'N#' },
      ScanIndexForward: false,
      Limit: limit,
      ...(afterSk ? { ExclusiveStartKey: { pk: partition(cardId), sk: afterSk } } : {}),
    }),
  );
  const items = (out.Items ?? []).map((item) => fromItem<NotificationRecord>(item));
  return { items, ...(out.LastEvaluatedKey?.sk ? { next: String(out.LastEvaluatedKey.sk) } : {}) };
}

/**
 * Takes the notification's push for this invocation (pending → sending, or a send that
 * crashed: sending for over a minute); false when another invocation has it or it is done.
 */
export async function claimPush(record: Pick<NotificationRecord, 'cardId' | 'at' | 'id'>, nowIso: string, staleBefore: string): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: notificationKey(record.cardId, record.at, record.id),
        UpdateExpression: 'SET push = :sending, pushClaimedAt = :now',
        ConditionExpression: 'push = :pending OR (push = :sending AND pushClaimedAt < :stale)',
        ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':now': nowIso, ':stale': staleBefore },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

export async function finishPush(record: Pick<NotificationRecord, 'cardId' | 'at' | 'id'>, state: PushState, pushes: Record<string, string>): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: notificationKey(record.cardId, record.at, record.id),
      UpdateExpression: 'SET push = :state, pushes = :pushes',
      ExpressionAttributeValues: { ':state': state, ':pushes': pushes },
    }),
  );
}

// --- preferences ---------------------------------------------------------------------------

export async function getPushPreferences(cardId: string): Promise<Partial<Record<NotificationKind, boolean>>> {
  const item = await getRecord<{ push?: Partial<Record<NotificationKind, boolean>> }>(prefsKey(cardId));
  return item?.push ?? {};
}

export async function putPushPreferences(cardId: string, push: Partial<Record<NotificationKind, boolean>>, at: string): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: prefsKey(cardId),
      UpdateExpression: 'SET push = :push, updatedAt = :at, #t = :type',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':push': push, ':at': at, ':type': 'notificationPreferences' },
    }),
  );
}

// --- one-time subscription quota -------------------------------------------------------------

/** The holder accepted one more send of this template (one accept, one send). */
export async function addPushQuota(channelId: string, openid: string, templateId: string, at: string): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: quotaKey(channelId, openid, templateId),
      UpdateExpression: 'SET #t = :type, updatedAt = :at ADD remaining :one',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':at': at, ':type': 'pushQuota' },
    }),
  );
}

/** Takes one send of the template's quota; false when none is left (never below zero, however many race). */
export async function takePushQuota(channelId: string, openid: string, templateId: string): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: quotaKey(channelId, openid, templateId),
        UpdateExpression: 'ADD remaining :minus',
        ConditionExpression: 'remaining > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** The platform says the holder has no subscription left (or refused): the count goes to zero. */
export async function clearPushQuota(channelId: string, openid: string, templateId: string): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: quotaKey(channelId, openid, templateId),
      UpdateExpression: 'SET remaining = :zero',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':zero': 0 },
    }),
  ).catch((err) => {
    if (!isConditionFailed(err)) throw err;
  });
}

export async function getPushQuota(channelId: string, openid: string, templateId: string): Promise<number> {
  const item = await getRecord<{ remaining?: number }>(quotaKey(channelId, openid, templateId));
  return item?.remaining ?? 0;
}
