/**
 * The terminal's side of a bill once the holder pays: its status (a payment under way is asked
 * about at the provider) and refunds (the cash part through the same provider). Apart from
 * push and withdraw, so that only these carry the payment providers' code and secrets.
 */
import { now } from '../core/clock.js';
import { terminalRoute } from '../institutions/index.js';
import { BillIdParams, RefundBody } from './bills.schemas.js';
import { requireOwnBill } from './push.js';
import { resolvePayment } from './paymentFlow.js';
import { refundBill as refund } from './refunds.js';
import { terminalBillView } from './views.js';

export const getBill = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/bills/{id}',
  summary: 'A bill of this institution (poll while the holder pays)',
  success: 200,
  params: BillIdParams,
  handler: async ({ params, institution }) => ({ body: terminalBillView(await resolvePayment(await requireOwnBill(institution, params.id)), now().toISOString()) }),
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
