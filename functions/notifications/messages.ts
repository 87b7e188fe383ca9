/** The holder's message centre: the list, reading, push preferences and platform subscriptions. */
import { now } from '../core/clock.js';
import { openCursor, positionString, sealCursor } from '../core/cursor/cursor.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { findChannel } from '../channels/index.js';
import { holderCard } from '../holder/index.js';
import { notificationErrors } from './errors.js';
import { KIND_LABELS, NOTIFICATION_KINDS, notificationKeyOf, notificationPublicId, wantsPush, type NotificationKind } from './notification.rules.js';
import {
  addPushQuota,
  getNotification,
  getNotificationState,
  getPushPreferences,
  listNotifications,
  markAllRead,
  markReadParts,
  putPushPreferences,
  type NotificationRecord,
} from './notification.store.js';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  at: string;
  readAt?: string;
  link?: string;
}

const view = (n: NotificationRecord, readAllAt?: string): NotificationView => {
  const readAt = n.readAt ?? (readAllAt && n.at <= readAllAt ? readAllAt : undefined);
  return { id: notificationPublicId(n.at, n.id), kind: n.kind, title: n.title, body: n.body, at: n.at, ...(readAt ? { readAt } : {}), ...(n.link ? { link: n.link } : {}) };
};

export async function notificationsOf(session: Session, limit: number, cursor?: string) {
  const { card } = await holderCard(session);
  const scope = `notifications|${card.cardId}`;
  const after = cursor === undefined ? undefined : positionString(openCursor(cursor, scope), 'sk', (sk) => sk.startsWith('N#'));
  const [page, state] = await Promise.all([listNotifications(card.cardId, limit, after), getNotificationState(card.cardId)]);
  return {
    notifications: page.items.map((n) => view(n, state.readAllAt)),
    unread: state.unread,
    ...(page.next ? { cursor: sealCursor(scope, { sk: page.next }) } : {}),
  };
}

/**
 * The notification the holder's id names, read directly in the holder's own partition (never
 * another's: another holder's id names no item here). Ids given before they carried the time
 * name nothing: a 404, as for any unknown id; the list gives every notification its id anew.
 */
async function findOwn(cardId: string, id: string): Promise<NotificationRecord> {
  const key = notificationKeyOf(id);
  const found = key && (await getNotification(cardId, key.at, key.id));
  if (!found) throw notificationErrors.problem('notification_not_found');
  return found;
}

export async function markRead(session: Session, id: string): Promise<void> {
  const { card } = await holderCard(session);
  const notification = await findOwn(card.cardId, id);
  if (notification.readAt) return;
  const parts = markReadParts(notification, now().toISOString());
  const refusal = await attemptTransact([
    ['read', parts.read],
    ['count', parts.count],
  ]);
  // The count refused (already read by 全部已读, or zero): the notice alone is marked.
  if (refusal?.refused('count') && !refusal.refused('read')) await attemptTransact([['read', parts.read]]);
}

export async function markEverythingRead(session: Session): Promise<void> {
  const { card } = await holderCard(session);
  await markAllRead(card.cardId, now().toISOString());
}

export async function preferencesOf(session: Session) {
  const { card, binding } = await holderCard(session);
  const [push, channel] = await Promise.all([getPushPreferences(card.cardId), findChannel(binding.channelId)]);
  const templates = channel?.pushTemplates ?? {};
  return {
    preferences: NOTIFICATION_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind], push: wantsPush(kind, push) })),
    push: {
      platform: channel?.platform ?? session.platform,
      // The templates of the kinds the holder wants pushed: what the app asks the platform to let it send.
      templateIds: [...new Set(NOTIFICATION_KINDS.filter((k) => wantsPush(k, push)).flatMap((k) => (templates[k] ? [templates[k].templateId] : [])))],
    },
  };
}

export async function setPreferences(session: Session, preferences: { kind: NotificationKind; push: boolean }[]) {
  const { card } = await holderCard(session);
  const push = { ...(await getPushPreferences(card.cardId)) };
  for (const p of preferences) push[p.kind] = p.push;
  await putPushPreferences(card.cardId, push, now().toISOString());
  return preferencesOf(session);
}

/** Records what the platform's subscription dialog answered: each accept is one send of that template. */
export async function recordSubscriptions(session: Session, results: Record<string, string>): Promise<void> {
  const { binding } = await holderCard(session);
  const channel = await findChannel(binding.channelId);
  const offered = new Set(Object.values(channel?.pushTemplates ?? {}).map((t) => t!.templateId));
  const accepted = Object.entries(results).filter(([, r]) => r === 'accept').map(([id]) => id);
  const foreign = Object.keys(results).filter((id) => !offered.has(id));
  if (foreign.length) throw notificationErrors.problem('template_not_offered', { errors: foreign.map(() => ({ field: 'results', message: 'not a template of this channel' })) });
  const at = now().toISOString();
  await Promise.all(accepted.map((templateId) => addPushQuota(binding.channelId, binding.openid, templateId, at)));
}
