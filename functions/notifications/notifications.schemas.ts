/** Request schemas of the message centre. */
import * as z from 'zod/mini';
import { NOTIFICATION_KINDS } from './notification.rules.js';

export const NotificationsQuery = z.object({
  limit: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(1), z.lte(50)), 20),
  cursor: z.optional(z.string().check(z.maxLength(300))),
});

export const NotificationParams = z.object({ id: z.string().check(z.regex(/^ntf_[A-Za-z0-9_-]{1,60}$/, 'must be a notification id')) });

export const PreferencesBody = z.object({
  preferences: z
    .array(z.object({ kind: z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }), push: z.boolean() }))
    .check(z.minLength(1), z.maxLength(NOTIFICATION_KINDS.length)),
});

/** What the platform's subscription dialog answered, per template id. */
export const SubscriptionsBody = z.object({
  results: z.record(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a template id')), z.enum(['accept', 'reject', 'ban', 'filter'])).check(
    z.refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 20, 'must name 1 to 20 templates'),
  ),
});
