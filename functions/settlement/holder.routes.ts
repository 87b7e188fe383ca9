/** The holder's side of settlement: pending bills, confirmation, detail, account. */
import { route } from '../core/http/route.js';
import { AccountQuery, ConfirmSettlementBody, SettlementIdParams, TransactionsQuery } from './settlement.schemas.js';
import {
  confirmSettlement,
  holderAccount,
  holderTransactions,
  pendingForHolder,
  settlementForHolder,
} from './settlements.js';

/** GET /v1/settlements/pending */
export const pending = route({ auth: 'holder' }, async ({ session }) => ({
  status: 200,
  body: { settlements: await pendingForHolder(session) },
}));

/** GET /v1/settlements/{id} */
export const detail = route({ auth: 'holder', params: SettlementIdParams }, async ({ session, params }) => ({
  status: 200,
  body: { settlement: await settlementForHolder(session, params.id) },
}));

/** POST /v1/settlements/{id}/confirmation */
export const confirm = route(
  { auth: 'holder', params: SettlementIdParams, body: ConfirmSettlementBody },
  async ({ session, params, body }) => ({
    status: 200,
    body: { settlement: await confirmSettlement(session, params.id, body.pin) },
  }),
);

/** GET /v1/accounts/me */
export const account = route({ auth: 'holder', query: AccountQuery }, async ({ session, query }) => ({
  status: 200,
  body: await holderAccount(session, query.subjectCardId),
}));

/** GET /v1/accounts/me/transactions */
export const transactions = route({ auth: 'holder', query: TransactionsQuery }, async ({ session, query }) => ({
  status: 200,
  body: await holderTransactions(session, query.limit, query.cursor, query.subjectCardId),
}));
