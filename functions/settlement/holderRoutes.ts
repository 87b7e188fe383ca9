/** The holder's side of settlement: pending bills, confirmation, detail, the personal account. */
import { holderRoute } from '../core/http/holderRoute.js';
import { holderAccount } from './accounts.js';
import { confirmSettlement as confirm, pendingForHolder, settlementForHolder } from './confirm.js';
import { AccountQuery, ConfirmSettlementBody, SettlementIdParams } from './settlement.schemas.js';

export const pendingSettlements = holderRoute({
  method: 'GET',
  path: '/v1/settlements/pending',
  summary: 'Settlements awaiting this holder',
  success: 200,
  handler: async ({ session }) => ({ body: { settlements: await pendingForHolder(session) } }),
});

export const settlementDetail = holderRoute({
  method: 'GET',
  path: '/v1/settlements/{id}',
  summary: 'A settlement of this holder',
  success: 200,
  params: SettlementIdParams,
  handler: async ({ session, params }) => ({ body: { settlement: await settlementForHolder(session, params.id) } }),
});

export const confirmSettlement = holderRoute({
  method: 'POST',
  path: '/v1/settlements/{id}/confirmation',
  summary: 'Confirm with the PIN',
  success: 200,
  params: SettlementIdParams,
  body: ConfirmSettlementBody,
  handler: async ({ session, params, body }) => ({ body: { settlement: await confirm(session, params.id, body.pin, body.splitVersion) } }),
});

export const getAccount = holderRoute({
  method: 'GET',
  path: '/v1/accounts/me',
  summary: 'Personal account balance',
  success: 200,
  query: AccountQuery,
  handler: async ({ session, query }) => ({ body: await holderAccount(session, query.subjectCardId) }),
});
