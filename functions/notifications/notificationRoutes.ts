/** The holder's message centre (消息中心). */
import { holderRoute } from '../core/http/holderRoute.js';
import { markEverythingRead, markRead, notificationsOf, preferencesOf, recordSubscriptions, setPreferences } from './messages.js';
import { NotificationParams, NotificationsQuery, PreferencesBody, SubscriptionsBody } from './notifications.schemas.js';

export const listNotifications = holderRoute({
  method: 'GET',
  path: '/v1/notifications',
  summary: 'The holder’s notifications, newest first, with the unread count',
  success: 200,
  query: NotificationsQuery,
  handler: async ({ session, query }) => ({ body: await notificationsOf(session, query.limit, query.cursor) }),
});

export const readNotification = holderRoute({
  method: 'POST',
  path: '/v1/notifications/{id}/read',
  summary: 'Mark one notification read',
  success: 204,
  params: NotificationParams,
  handler: async ({ session, params }) => {
    await markRead(session, params.id);
    return {};
  },
});

export const readAllNotifications = holderRoute({
  method: 'POST',
  path: '/v1/notifications/read-all',
  summary: 'Mark every notification read (全部已读)',
  success: 204,
  handler: async ({ session }) => {
    await markEverythingRead(session);
    return {};
  },
});

export const getNotificationPreferences = holderRoute({
  method: 'GET',
  path: '/v1/notifications/preferences',
  summary: 'Push preferences per kind, and the platform templates to ask consent for',
  success: 200,
  handler: async ({ session }) => ({ body: await preferencesOf(session) }),
});

export const putNotificationPreferences = holderRoute({
  method: 'PUT',
  path: '/v1/notifications/preferences',
  summary: 'Choose which kinds are pushed through the platform',
  success: 200,
  body: PreferencesBody,
  handler: async ({ session, body }) => ({ body: await setPreferences(session, body.preferences) }),
});

export const recordPushSubscriptions = holderRoute({
  method: 'POST',
  path: '/v1/notifications/subscriptions',
  summary: 'What the platform’s subscription dialog answered (one accept, one send)',
  success: 204,
  body: SubscriptionsBody,
  handler: async ({ session, body }) => {
    await recordSubscriptions(session, body.results);
    return {};
  },
});
