/** The terminal API of designated institutions: the day's reconciliation from the ledger. Signed (X-Essc-*). */
import { terminalRoute } from '../institutions/index.js';
import { checkReconciliation as check, reconciliation } from './reconciliation.js';
import { ReconciliationBody, ReconciliationQuery } from './settlement.schemas.js';
import { ReconciliationAnswer, ReconciliationCheckAnswer } from './terminalAnswers.schemas.js';

export const getReconciliation = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/reconciliation',
  summary: 'The institution day from the ledger',
  success: 200,
  query: ReconciliationQuery,
  response: ReconciliationAnswer,
  handler: async ({ query, institution }) => ({ body: await reconciliation(institution, query.date) }),
});

export const checkReconciliation = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/reconciliation',
  summary: 'Check the institution totals',
  success: 200,
  body: ReconciliationBody,
  response: ReconciliationCheckAnswer,
  handler: async ({ body, institution }) => ({ body: await check(institution, body) }),
});
