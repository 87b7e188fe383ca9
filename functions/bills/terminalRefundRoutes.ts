/** The terminal's refund of a paid bill (退费): the insurance parts back at once, the cash part through the provider that collected it. */
import { terminalRoute } from '../institutions/index.js';
import { BillIdParams } from './bills.schemas.js';
import { RefundAnswer, RefundBody } from './refund.schemas.js';
import { refundBill as refund } from './refunds.js';

export const refundBill = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/bills/{id}/refunds',
  summary: 'Refund a paid bill: all, cash only or insurance only (Idempotency-Key)',
  success: 201,
  params: BillIdParams,
  body: RefundBody,
  response: RefundAnswer,
  idempotent: true,
  handler: async ({ params, body, institution, idempotencyKey }) => ({ body: await refund(institution, params.id, idempotencyKey, body) }),
});
