/** The terminal's side of bills pushed to holders (API.md, "Online medical payment"); every route is signed. */
import { now } from '../core/clock.js';
import { terminalRoute } from '../institutions/index.js';
import type { BillKind } from './bill.store.js';
import { BillIdParams, PushBillBody, RefundBody } from './bills.schemas.js';
import { pushBill as push, requireOwnBill, withdrawBill as withdraw } from './push.js';
import { resolvePayment } from './paymentFlow.js';
import { refundBill as refund } from './refunds.js';
import { terminalBillView } from './views.js';

export const pushBill = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/bills',
  summary: 'Push an itemised bill to a patient (patientRef from a code verification); the holder pays it in the app',
  success: 201,
  body: PushBillBody,
  handler: async ({ body, institution }) => ({ body: await push(institution, { ...body, kind: body.kind as BillKind }) }),
});

export const getBill = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/bills/{id}',
  summary: 'A bill of this institution (poll while the holder pays)',
  success: 200,
  params: BillIdParams,
  handler: async ({ params, institution }) => ({ body: terminalBillView(await resolvePayment(await requireOwnBill(institution, params.id)), now().toISOString()) }),
});

export const withdrawBill = terminalRoute({
  method: 'DELETE',
  path: '/v1/terminal/bills/{id}',
  summary: 'Withdraw an unpaid bill',
  success: 200,
  params: BillIdParams,
  handler: async ({ params, institution }) => ({ body: await withdraw(institution, params.id) }),
});

export const refundBill = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/bills/{id}/refunds',
  summary: 'Refund a paid bill: all, cash only or insurance only (Idempotency-Key)',
  success: 201,
  params: BillIdParams,
  body: RefundBody,
  idempotent: true,
  handler: async ({ params, body, institution, idempotencyKey }) => ({ body: await refund(institution, params.id, idempotencyKey, body) }),
});
