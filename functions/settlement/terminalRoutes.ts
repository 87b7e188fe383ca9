/** The terminal API of designated institutions: settlement and reconciliation; every route is signed (X-Essc-*). */
import { terminalRoute } from '../institutions/index.js';
import { cancel } from './cancel.js';
import type { BillItem } from './policy.rules.js';
import { preSettle as createSettlement, settlementOfOrder } from './preSettle.js';
import { checkReconciliation as check, reconciliation } from './reconciliation.js';
import { reverse } from './reverse.js';
import { settle as settleSettlement } from './settle.js';
import { PreSettlementBody, ReconciliationBody, ReconciliationQuery, SettlementByOrderQuery, SettlementIdParams } from './settlement.schemas.js';
import { settlementForTerminal } from './terminalSettlement.js';

export const preSettle = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements',
  summary: 'Pre-settle an itemised bill (consumes the code)',
  success: 201,
  body: PreSettlementBody,
  handler: async ({ body, institution }) => ({ body: await createSettlement(institution, { ...body, items: body.items as BillItem[] }) }),
});

export const findSettlementByOrder = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/settlements',
  summary: 'The settlement of one of this institution’s order ids (for a terminal that lost an answer)',
  success: 200,
  query: SettlementByOrderQuery,
  handler: async ({ query, institution }) => ({ body: await settlementOfOrder(institution, query.institutionOrderId) }),
});

export const getSettlement = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/settlements/{id}',
  summary: 'A settlement of this institution (poll while the holder confirms)',
  success: 200,
  params: SettlementIdParams,
  handler: async ({ params, institution }) => ({ body: await settlementForTerminal(institution, params.id) }),
});

export const settle = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements/{id}/settle',
  summary: 'Settle (Idempotency-Key)',
  success: 200,
  params: SettlementIdParams,
  idempotent: true,
  handler: async ({ params, institution, idempotencyKey, event }) => ({
    body: await settleSettlement(institution, params.id, idempotencyKey, event.jsonBody),
  }),
});

export const cancelSettlement = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements/{id}/cancel',
  summary: 'Cancel before settling',
  success: 200,
  params: SettlementIdParams,
  handler: async ({ params, institution }) => ({ body: await cancel(institution, params.id) }),
});

export const reverseSettlement = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements/{id}/reversal',
  summary: 'Reverse a settled settlement (Idempotency-Key)',
  success: 200,
  params: SettlementIdParams,
  idempotent: true,
  handler: async ({ params, institution, idempotencyKey, event }) => ({
    body: await reverse(institution, params.id, idempotencyKey, event.jsonBody),
  }),
});

export const getReconciliation = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/reconciliation',
  summary: 'The institution day from the ledger',
  success: 200,
  query: ReconciliationQuery,
  handler: async ({ query, institution }) => ({ body: await reconciliation(institution, query.date) }),
});

export const checkReconciliation = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/reconciliation',
  summary: 'Check the institution totals',
  success: 200,
  body: ReconciliationBody,
  handler: async ({ body, institution }) => ({ body: await check(institution, body) }),
});
