/** A terminal's refund of a paid bill: what it asks (all, cash only, insurance only, or amounts) and what it is answered. */
import * as z from 'zod/mini';
import { isoTime } from '../core/answers.js';
import { refundableParts, TerminalBillAnswer } from './terminalBillAnswers.schemas.js';

const fen = z.int({ error: 'a whole number of fen' }).check(z.gte(0, 'at least 0'), z.lte(10_000_000, 'at most 10000000'));

export const RefundBody = z.strictObject({
  kind: z.enum(['all', 'cash', 'insurance'], { error: 'one of all, cash, insurance' }),
  amounts: z.optional(z.strictObject({ pooledFund: z.optional(fen), personalAccount: z.optional(fen), familyAccount: z.optional(fen), cash: z.optional(fen) })),
});

export const RefundAnswer = z.object({
  refund: z.object({
    id: z.string(),
    kind: z.enum(['all', 'cash', 'insurance']),
    amounts: refundableParts,
    /** `processing` while the provider refunds the cash part. */
    status: z.enum(['succeeded', 'processing', 'failed']),
    createdAt: isoTime,
    completedAt: z.optional(isoTime),
    failureReason: z.optional(z.string()),
  }),
  bill: TerminalBillAnswer,
});
