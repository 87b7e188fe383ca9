/**
 * What the terminal API answers about a pushed bill, for the API reference
 * and the SDK's types (core/http/route.ts `response`; the API tests check every answer
 * against them).
 */
import * as z from 'zod/mini';
import { isoTime } from '../core/answers.js';
import { outOfAreaAnswer, splitPartsAnswer } from '../settlement/index.js';

/** A split's parts without the total: what a refund takes back, per part. */
const { total: _total, ...refundable } = splitPartsAnswer;
export const refundableParts = z.object(refundable);

export const TerminalBillAnswer = z.object({
  id: z.string(),
  /** `expired`: not paid by `expiresAt`. */
  status: z.enum(['awaiting_payment', 'paying', 'paid', 'partially_refunded', 'refunded', 'withdrawn', 'expired']),
  institutionOrderId: z.string(),
  kind: z.enum(['outpatient', 'inpatient', 'pharmacy']),
  split: z.object({ ...splitPartsAnswer, outOfArea: z.optional(outOfAreaAnswer) }),
  /** What refunds have taken back so far, per part. */
  refunded: refundableParts,
  createdAt: isoTime,
  expiresAt: isoTime,
  paidAt: z.optional(isoTime),
  withdrawnAt: z.optional(isoTime),
});
