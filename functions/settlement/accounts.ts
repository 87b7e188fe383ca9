/** The personal medical account (个人账户) of the holder, or of a bound relative (family service, read only). */
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
  const page = await listHolderTransactions(card.idHash, limit, cursor);
  return { transactions: page.items, ...(page.next ? { nextCursor: page.next } : {}) };
}
