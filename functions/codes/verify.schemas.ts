/** What a code verification answers the terminal (core/http/route.ts `response`). */
import * as z from 'zod/mini';

export const CodeVerificationAnswer = z.object({
  cardId: z.string(),
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  status: z.literal('normal'),
  level: z.int(),
  region: z.string(),
  /** As the terminal sent it: a business type or a code-use type. */
  businessType: z.string(),
  /** A code-use type's business type and name (01301 → payment, 门诊结算). */
  useType: z.optional(z.object({ businessType: z.string(), name: z.string() })),
  codeKind: z.enum(['online', 'offline']),
  /** The card as this institution knows it: pairwise, the id a bill is pushed to. */
  patientRef: z.string(),
});
