/** The holder's side of a bill pushed by an institution: one bill, its payment asked about at the provider (paying it: holderPayRoutes.ts). */
import { holderRoute } from '../core/http/holderRoute.js';
import { billForHolder } from './holderBills.js';
import { BillIdParams } from './bills.schemas.js';

export const billDetail = holderRoute({
  method: 'GET',
  path: '/v1/bills/{id}',
  summary: 'A bill: the institution, items, split, payment and refunds',
  success: 200,
  params: BillIdParams,
  handler: async ({ session, params }) => ({ body: { bill: await billForHolder(session, params.id) } }),
});
