/** The holder's bills as lists: those awaiting payment, and all of them (no payment provider is asked here). */
import { holderRoute } from '../core/http/holderRoute.js';
import { billsOf, pendingBills as pending } from './holderBillLists.js';

export const pendingBills = holderRoute({
  method: 'GET',
  path: '/v1/bills/pending',
  summary: 'Bills awaiting this holder’s payment',
  success: 200,
  handler: async ({ session }) => ({ body: { bills: await pending(session) } }),
});

export const listBills = holderRoute({
  method: 'GET',
  path: '/v1/bills',
  summary: 'Every bill pushed to this holder, newest first',
  success: 200,
  handler: async ({ session }) => ({ body: { bills: await billsOf(session) } }),
});

