/** Request schemas of the terminal's bill calls: pushing a bill and refunding it (kept apart so a holder's bundle carries neither). */
import * as z from 'zod/mini';
import { text } from '../core/schemas.js';
import { billItems, institutionOrderId } from '../settlement/index.js';

export const PushBillBody = z.strictObject({
  patientRef: z.string({ error: 'required' }).check(z.regex(/^pr_[A-Za-z0-9_-]{10,40}$/, 'a patientRef from a code verification')),
  institutionOrderId,
  kind: z.enum(['outpatient', 'inpatient', 'pharmacy'], { error: 'one of outpatient, inpatient, pharmacy' }),
  items: billItems,
  department: z.optional(text(1, 40)),
  doctor: z.optional(text(1, 30)),
});

const fen = z.int({ error: 'a whole number of fen' }).check(z.gte(0, 'at least 0'), z.lte(10_000_000, 'at most 10000000'));

export const RefundBody = z.strictObject({
  kind: z.enum(['all', 'cash', 'insurance'], { error: 'one of all, cash, insurance' }),
  amounts: z.optional(z.strictObject({ pooledFund: z.optional(fen), personalAccount: z.optional(fen), familyAccount: z.optional(fen), cash: z.optional(fen) })),
});
