/**
 * The reminder sweep (every 5 minutes on AWS, every few seconds in the local worker): each due
 * reminder becomes a holder event, removed in the same transaction, so it is told once. Its own
 * module: the sweep needs no push provider, channel or PII code.
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { holderEventPart } from './holderEvent.store.js';
import { dueReminders, reminderTold } from './reminder.store.js';

/** Due reminders become holder events, each removed in the same transaction (told once). */
export async function sweepReminders(at = now()): Promise<number> {
  let told = 0;
  for (const reminder of await dueReminders(at.toISOString())) {
    const refusal = await attemptTransact([
      ['reminder', reminderTold(reminder)],
      ['event', holderEventPart(reminder.kind, reminder.cardId, at, reminder.data)],
    ]);
    if (!refusal) told += 1;
  }
  return told;
}

export const remindHolders = async (): Promise<void> => {
  const told = await sweepReminders();
  logger.info('reminders sent', { told });
};
