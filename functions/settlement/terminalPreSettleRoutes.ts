/**
 * The terminal API of designated institutions, opening a settlement: pre-settle an itemised bill
 * (consuming the holder's code) and read one back. Signed (X-Essc-*). Settling it, cancelling and
 * reversing are terminalSettleRoutes.ts; the day's reconciliation terminalReconciliationRoutes.ts:
 * a Lambda carries its own routes' code only.
 */
import { terminalRoute } from '../institutions/index.js';
import type { BillItem } from './policy.rules.js';
import { preSettle as createSettlement, settlementOfOrder } from './preSettle.js';
import { PreSettlementBody, SettlementByOrderQuery } from './preSettle.schemas.js';
import { SettlementIdParams } from './settlement.schemas.js';
import { settlementForTerminal } from './terminalSettlement.js';
import { TerminalSettlementAnswer } from './terminalAnswers.schemas.js';

export const preSettle = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements',
  summary: 'Pre-settle an itemised bill (consumes the code)',
  success: 201,
  body: PreSettlementBody,
  response: TerminalSettlementAnswer,
  handler: async ({ body, institution }) => ({ body: await createSettlement(institution, { ...body, items: body.items as BillItem[] }) }),
});

export const findSettlementByOrder = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/settlements',
  summary: 'The settlement of one of this institution’s order ids (for a terminal that lost an answer)',
  success: 200,
  query: SettlementByOrderQuery,
  response: TerminalSettlementAnswer,
  handler: async ({ query, institution }) => ({ body: await settlementOfOrder(institution, query.institutionOrderId) }),
});

export const getSettlement = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/settlements/{id}',
  summary: 'A settlement of this institution (poll while the holder confirms)',
  success: 200,
  params: SettlementIdParams,
  response: TerminalSettlementAnswer,
  handler: async ({ params, institution }) => ({ body: await settlementForTerminal(institution, params.id) }),
});
