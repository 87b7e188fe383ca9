/** The request schema of pushing a bill (apart from the holder's schemas, and from refunds': refund.schemas.ts). */
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
