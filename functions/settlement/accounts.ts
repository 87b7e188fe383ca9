/** The personal medical account (个人账户) of the holder, or of a bound relative (family service, read only). */
import { openCursor, positionString, sealCursor } from '../core/cursor/cursor.js';
import type { Session } from '../core/session/sessionToken.js';
import { subjectCardOf } from '../family/index.js';
import { getAccount } from './account.store.js';
import { listHolderTransactions } from './ledger.store.js';

export async function holderAccount(session: Session, subjectCardId?: string) {
  const { card } = await subjectCardOf(session, subjectCardId);
  const account = await getAccount(card.idHash);
  return { balance: account?.balance ?? 0, currency: 'CNY' as const, updatedAt: account?.updatedAt };
}

export async function holderTransactions(session: Session, limit: number, cursor?: string, subjectCardId?: string) {
  const { card } = await subjectCardOf(session, subjectCardId);
  // Bound to the account's owner: a relative's cursor does not page the holder's own list.
  const scope = `transactions|${card.idHash}`;
  const after = cursor === undefined ? undefined : positionString(openCursor(cursor, scope), 'sk', (sk) => sk.startsWith('TXN#'));
  const page = await listHolderTransactions(card.idHash, limit, after);
  return { transactions: page.items, ...(page.next ? { nextCursor: sealCursor(scope, { sk: page.next }) } : {}) };
}
