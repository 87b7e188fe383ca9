/**
 * The terminal's side of a bill once the holder pays: its status (a payment under way is asked
 * about at the provider). Apart from push and withdraw (terminalBillRoutes.ts), so that only the
 * routes that talk to a payment provider carry its code and secrets; refunds are
 * terminalRefundRoutes.ts.
 */
import { now } from '../core/clock.js';
import { terminalRoute } from '../institutions/index.js';
import { BillIdParams } from './bills.schemas.js';
import { requireOwnBill } from './push.js';
import { resolvePayment } from './paymentFlow.js';
import { terminalBillView } from './views.js';
import { TerminalBillAnswer } from './terminalBillAnswers.schemas.js';

export const getBill = terminalRoute({
  method: 'GET',
  path: '/v1/terminal/bills/{id}',
  summary: 'A bill of this institution (poll while the holder pays)',
  success: 200,
  params: BillIdParams,
  response: TerminalBillAnswer,
  handler: async ({ params, institution }) => ({ body: terminalBillView(await resolvePayment(await requireOwnBill(institution, params.id)), now().toISOString()) }),
});
