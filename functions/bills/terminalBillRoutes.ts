/** The terminal's side of bills pushed to holders (API.md, "Online medical payment"): push and withdraw; every route is signed. */
import { terminalRoute } from '../institutions/index.js';
import type { BillKind } from './bill.store.js';
import { BillIdParams } from './bills.schemas.js';
import { PushBillBody } from './terminalBill.schemas.js';
import { TerminalBillAnswer } from './terminalBillAnswers.schemas.js';
import { pushBill as push, withdrawBill as withdraw } from './push.js';

export const pushBill = terminalRoute({
  method: 'POST',
  path: '/v1/terminal/bills',
  summary: 'Push an itemised bill to a patient (patientRef from a code verification); the holder pays it in the app',
  success: 201,
  body: PushBillBody,
  response: TerminalBillAnswer,
  handler: async ({ body, institution }) => ({ body: await push(institution, { ...body, kind: body.kind as BillKind }) }),
});

export const withdrawBill = terminalRoute({
  method: 'DELETE',
  path: '/v1/terminal/bills/{id}',
  summary: 'Withdraw an unpaid bill',
  success: 200,
  params: BillIdParams,
  response: TerminalBillAnswer,
  handler: async ({ params, institution }) => ({ body: await withdraw(institution, params.id) }),
});
