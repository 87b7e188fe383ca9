/**
 * From a committed holder event to the holder: the message-centre notification, written once
 * per event (its id comes from the event's), then at most one platform push per channel the
 * card is bound in that has a template for the kind, while the holder wants pushes of that
 * kind and has a one-time subscription left. Whoever relays an event however many times, one
 * notification and one push: the push is claimed by one invocation (notification.store claimPush).
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { findChannel, type Channel } from '../channels/index.js';
import { listBindingsOfCard } from '../holder/index.js';
import { pushProviderFor, type PushProvider } from '../providers/index.js';
import type { HolderEvent } from './holderEvent.store.js';
import { noticeOf, notificationIdOf, wantsPush, yuan } from './notification.rules.js';
import {
  claimPush,
  clearPushQuota,
  finishPush,
  getNoticeMarker,
  getPushPreferences,
  noticeMarkerPut,
  notificationPut,
  takePushQuota,
  unreadIncrement,
  type NotificationRecord,
} from './notification.store.js';
import { createHash } from 'node:crypto';

/** A push that crashed mid-send is taken over after this long. */
const STALE_PUSH_MS = 60_000;

const keyDigest = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

export async function notifyHolder(event: HolderEvent): Promise<NotificationRecord> {
  const notice = noticeOf(event.kind, event.data);
  const id = notificationIdOf(event.eventId, event.noticeKey, keyDigest);
  // Events of one notice key share one notification: its key has the first event's time.
  const first = event.noticeKey ? await getNoticeMarker(event.cardId, id) : undefined;
  const record: NotificationRecord = {
    id,
    cardId: event.cardId,
    eventId: event.eventId,
    kind: event.kind,
    title: notice.title,
    body: notice.body,
    ...(notice.link ? { link: notice.link } : {}),
    at: first?.at ?? event.at,
    push: 'pending',
  };
  // Refused: this event was relayed before, or its notice key's notification is there (the push below decides by its own claim).
  const refusal = await attemptTransact([
    ['notification', notificationPut(record)],
    ['unread', unreadIncrement(event.cardId)],
    ['noticeMarker', event.noticeKey && !first && noticeMarkerPut(event.cardId, id, record.at)],
  ]);
  if (refusal?.refused('noticeMarker')) {
    // Another event of the key wrote its notification a moment ago: this one merges into it.
    const winner = await getNoticeMarker(event.cardId, id);
    if (winner) record.at = winner.at;
  }
  await pushOnce(record, event);
  return record;
}

async function pushOnce(record: NotificationRecord, event: HolderEvent): Promise<void> {
  const at = now();
  if (!(await claimPush(record, at.toISOString(), new Date(at.getTime() - STALE_PUSH_MS).toISOString()))) return;
  const preferences = await getPushPreferences(record.cardId);
  if (!wantsPush(record.kind, preferences)) {
    await finishPush(record, 'skipped', { all: 'preference_off' });
    return;
  }
  const pushes: Record<string, string> = {};
  for (const binding of await listBindingsOfCard(record.cardId)) {
    const channel = await findChannel(binding.channelId);
    const template = channel?.pushTemplates?.[record.kind];
    if (!channel || !template) continue;
    pushes[channel.id] = await pushTo(channel, binding.openid, template, record, event);
  }
  const sent = Object.values(pushes).includes('sent');
  await finishPush(record, sent ? 'sent' : Object.keys(pushes).length ? 'failed' : 'skipped', pushes);
}

type Template = NonNullable<NonNullable<Channel['pushTemplates']>[string]>;

async function pushTo(channel: Channel, openid: string, template: Template, record: NotificationRecord, event: HolderEvent): Promise<string> {
  let provider: PushProvider | undefined;
  try {
    provider = await pushProviderFor(channel);
  } catch (err) {
    logger.warn('push provider not configured', { channelId: channel.id, error: (err as Error).name });
  }
  if (!provider) return 'no_provider';
  if (!(await takePushQuota(channel.id, openid, template.templateId))) return 'no_subscription';
  const values: Record<string, string> = {
    title: record.title,
    body: record.body,
    time: record.at,
    amount: typeof event.data.amount === 'number' ? yuan(event.data.amount) : '',
    institution: event.data.institutionName ?? '',
    channel: event.data.channelName ?? '',
    kind: record.kind,
  };
  const data = Object.fromEntries(Object.entries(template.fields).map(([key, field]) => [key, values[field] ?? '']));
  // The adapter never throws: a platform fault is the outcome `unavailable`.
  const outcome = await provider.send({ openid, templateId: template.templateId, page: record.link ?? '/pages/index/index', data, ref: record.id });
  if (outcome.sent) return 'sent';
  if (outcome.reason === 'not_subscribed') await clearPushQuota(channel.id, openid, template.templateId);
  logger.warn('push not sent', { channelId: channel.id, kind: record.kind, reason: outcome.reason, providerCode: outcome.providerCode });
  return outcome.reason;
}
