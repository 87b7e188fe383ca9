/** The holder's side of bills pushed by institutions: one bill (its payment asked about at the provider), and paying one with the PIN. */
import { holderRoute } from '../core/http/holderRoute.js';
import { billForHolder, payForHolder } from './holderBills.js';
import { BillIdParams, PayBillBody } from './bills.schemas.js';

export const billDetail = holderRoute({
  method: 'GET',
  path: '/v1/bills/{id}',
  summary: 'A bill: the institution, items, split, payment and refunds',
  success: 200,
  params: BillIdParams,
  handler: async ({ session, params }) => ({ body: { bill: await billForHolder(session, params.id) } }),
});

export const payBill = holderRoute({
  method: 'POST',
  path: '/v1/bills/{id}/payment',
  summary: 'Pay with the PIN: the insurance parts settle, a cash remainder goes to the channel’s payment',
  success: 200,
  params: BillIdParams,
  body: PayBillBody,
  handler: async ({ session, params, body }) => ({ body: { bill: await payForHolder(session, params.id, body) } }),
});
