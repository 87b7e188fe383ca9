/**
 * Notifications as other capabilities see them: the outbox part that tells a card's holder of
 * a change, and the reminder parts of what is due later. Routes, the notifier and the
 * workers are not exported.
 */
export { holderEventPart, type HolderEvent } from './holderEvent.store.js';
export { reminderPut, reminderDelete } from './reminder.store.js';
export { NOTIFICATION_KINDS, type NotificationKind, type NoticeData } from './notification.rules.js';
