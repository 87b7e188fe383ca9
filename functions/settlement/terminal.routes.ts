/** The terminal API of designated institutions; every route is signed (X-Essc-*). */
import { route } from '../core/http/route.js';
import type { RouteEvent } from '../core/http/middlewares.js';
import { BadRequest } from '../core/problem.js';
import {
  CodeVerificationBody,
  IdempotencyHeader,
  PreSettlementBody,
  ReconciliationBody,
  ReconciliationQuery,
  SettlementIdParams,
} from './settlement.schemas.js';
import { verifyCode } from '../codes/codes.js';
import { checkReconciliation, reconciliation } from './reconciliation.js';
import { cancel, preSettle, reverse, settle, settlementForTerminal } from './settlements.js';
import type { BusinessType } from '../codes/dynamicCode.rules.js';
import type { BillItem } from './policy.rules.js';

function idempotencyKey(event: RouteEvent): string {
  const parsed = IdempotencyHeader.safeParse(event.headers?.['idempotency-key']);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'invalid';
    throw new BadRequest('invalid_idempotency_key', `Idempotency-Key: ${message}.`, [{ field: 'Idempotency-Key', message }]);
  }
  return parsed.data;
}

/** POST /v1/terminal/code-verifications */
export const verify = route({ auth: 'terminal', body: CodeVerificationBody }, async ({ body, institution }) => ({
  status: 200,
  body: await verifyCode(institution.id, body.code, body.businessType as BusinessType),
}));

/** POST /v1/terminal/settlements (pre-settlement) */
export const create = route({ auth: 'terminal', body: PreSettlementBody }, async ({ body, institution }) => ({
  status: 201,
  body: await preSettle(institution, { ...body, items: body.items as BillItem[] }),
}));

/** GET /v1/terminal/settlements/{id}: the status a terminal polls while the holder confirms. */
export const get = route({ auth: 'terminal', params: SettlementIdParams }, async ({ params, institution }) => ({
  status: 200,
  body: await settlementForTerminal(institution, params.id),
}));

/** POST /v1/terminal/settlements/{id}/settle */
export const settleHandler = route({ auth: 'terminal', params: SettlementIdParams }, async ({ params, institution, event }) => ({
  status: 200,
  body: await settle(institution, params.id, idempotencyKey(event), event.jsonBody),
}));

/** POST /v1/terminal/settlements/{id}/cancel */
export const cancelHandler = route({ auth: 'terminal', params: SettlementIdParams }, async ({ params, institution }) => ({
  status: 200,
  body: await cancel(institution, params.id),
}));

/** POST /v1/terminal/settlements/{id}/reversal */
export const reversal = route({ auth: 'terminal', params: SettlementIdParams }, async ({ params, institution, event }) => ({
  status: 200,
  body: await reverse(institution, params.id, idempotencyKey(event), event.jsonBody),
}));

/** GET /v1/terminal/reconciliation?date=YYYY-MM-DD */
export const getReconciliation = route({ auth: 'terminal', query: ReconciliationQuery }, async ({ query, institution }) => ({
  status: 200,
  body: await reconciliation(institution, query.date),
}));

/** POST /v1/terminal/reconciliation */
export const postReconciliation = route({ auth: 'terminal', body: ReconciliationBody }, async ({ body, institution }) => ({
  status: 200,
  body: await checkReconciliation(institution, body),
}));
