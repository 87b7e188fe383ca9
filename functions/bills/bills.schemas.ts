/** Request schemas of pushed bills shared by their callers (the bill id), the holder's payment and the providers' notifications (the terminal's: terminalBill.schemas.ts). */
import * as z from 'zod/mini';
import { opaqueId, pin } from '../core/schemas.js';

export const BillIdParams = z.object({ id: opaqueId });

/** `cashPayment: "channel"`: the cash remainder through the channel's payment; `splitVersion`: the split shown. */
export const PayBillBody = z.strictObject({
  pin,
  cashPayment: z.optional(z.literal('channel', { error: 'the only way is "channel"' })),
  splitVersion: z.optional(z.int().check(z.gte(1))),
});

export const NotificationParams = z.object({ channelId: opaqueId });
