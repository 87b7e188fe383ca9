/** The holder pays a bill with the PIN: the insurance parts settle, a cash remainder starts the channel's payment. */
import { holderRoute } from '../core/http/holderRoute.js';
import { payForHolder } from './holderBills.js';
import { BillIdParams, PayBillBody } from './bills.schemas.js';

export const payBill = holderRoute({
  method: 'POST',
  path: '/v1/bills/{id}/payment',
  summary: 'Pay with the PIN: the insurance parts settle, a cash remainder goes to the channel’s payment',
  success: 200,
  params: BillIdParams,
  body: PayBillBody,
  handler: async ({ session, params, body }) => ({ body: { bill: await payForHolder(session, params.id, body) } }),
});
