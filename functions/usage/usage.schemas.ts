/** Request and answer schemas of the usage log (用卡记录). */
import * as z from 'zod/mini';
import { USAGE_ACTORS, USAGE_KINDS } from './usage.rules.js';

export const UsageQuery = z.object({
  limit: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(300))),
});

const named = z.object({ id: z.string(), name: z.string() });

export const UsageAnswer = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.string().check(z.iso.datetime()),
      kind: z.enum(USAGE_KINDS),
      /** The channel the card was used through (the app, the portal logged in to, the channel that read it). */
      channel: z.optional(named),
      institution: z.optional(named),
      /** As the terminal sent it: a business type (payment, query, …) or a code-use type (01101 挂号, …). */
      businessType: z.optional(z.string()),
      actor: z.enum(USAGE_ACTORS),
      /** What happened, in zh-CN; names no person. */
      detail: z.string(),
    }),
  ),
  /** The next page's cursor, while there may be more. */
  cursor: z.optional(z.string()),
});
