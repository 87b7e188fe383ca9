/** Request schemas of pushed bills: the terminal's push, withdrawal and refunds; the holder's payment. */
import * as z from 'zod/mini';
import { opaqueId, pin, text } from '../core/schemas.js';

const institutionOrderId = z
  .string({ error: 'required' })
  .check(z.minLength(1, 'required'), z.maxLength(64, 'at most 64 characters'), z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'));

/** Items are checked in depth by the policy engine's validateBill, which names each field. */
export const PushBillBody = z.strictObject({
  patientRef: z.string({ error: 'required' }).check(z.regex(/^pr_[A-Za-z0-9_-]{10,40}$/, 'a patientRef from a code verification')),
  institutionOrderId,
  kind: z.enum(['outpatient', 'inpatient', 'pharmacy'], { error: 'one of outpatient, inpatient, pharmacy' }),
  items: z.array(z.unknown(), { error: 'must be an array of bill items' }).check(z.minLength(1, 'at least one item')),
  department: z.optional(text(1, 40)),
  doctor: z.optional(text(1, 30)),
});

export const BillIdParams = z.object({ id: opaqueId });

const fen = z.int({ error: 'a whole number of fen' }).check(z.gte(0, 'at least 0'), z.lte(10_000_000, 'at most 10000000'));

export const RefundBody = z.strictObject({
  kind: z.enum(['all', 'cash', 'insurance'], { error: 'one of all, cash, insurance' }),
  amounts: z.optional(z.strictObject({ pooledFund: z.optional(fen), personalAccount: z.optional(fen), familyAccount: z.optional(fen), cash: z.optional(fen) })),
});

/** `cashPayment: "channel"`: the cash remainder through the channel's payment; `splitVersion`: the split shown. */
export const PayBillBody = z.strictObject({
  pin,
  cashPayment: z.optional(z.literal('channel', { error: 'the only way is "channel"' })),
  splitVersion: z.optional(z.int().check(z.gte(1))),
});

export const NotificationParams = z.object({ channelId: opaqueId });
