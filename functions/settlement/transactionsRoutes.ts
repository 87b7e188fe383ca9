/** The personal account's transactions: its own bundle, the one settlement route that pages (CURSOR_SECRET). */
import { holderRoute } from '../core/http/holderRoute.js';
import { holderTransactions } from './accounts.js';
import { TransactionsQuery } from './settlement.schemas.js';

export const getTransactions = holderRoute({
  method: 'GET',
  path: '/v1/accounts/me/transactions',
  summary: 'Personal account transactions',
  success: 200,
  query: TransactionsQuery,
  handler: async ({ session, query }) => ({ body: await holderTransactions(session, query.limit, query.cursor, query.subjectCardId) }),
});
