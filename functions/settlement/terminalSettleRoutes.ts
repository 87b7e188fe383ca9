/**
 * The terminal API of designated institutions, finishing a settlement: settle it, cancel it
 * before settling, reverse it after. Signed (X-Essc-*); settle and reversal take an
 * Idempotency-Key. Opening one is terminalPreSettleRoutes.ts.
 */
import { terminalRoute } from '../institutions/index.js';
import { cancel } from './cancel.js';
import { reverse } from './reverse.js';
import { settle as settleSettlement } from './settle.js';
import { SettlementIdParams } from './settlement.schemas.js';
import { TerminalSettlementAnswer } from './terminalAnswers.schemas.js';

export const settle = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements/{id}/settle',
  summary: 'Settle (Idempotency-Key)',
  success: 200,
  params: SettlementIdParams,
  response: TerminalSettlementAnswer,
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
  response: TerminalSettlementAnswer,
  handler: async ({ params, institution }) => ({ body: await cancel(institution, params.id) }),
});

export const reverseSettlement = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/settlements/{id}/reversal',
  summary: 'Reverse a settled settlement (Idempotency-Key)',
  success: 200,
  params: SettlementIdParams,
  response: TerminalSettlementAnswer,
  idempotent: true,
  handler: async ({ params, institution, idempotencyKey, event }) => ({
    body: await reverse(institution, params.id, idempotencyKey, event.jsonBody),
  }),
});
