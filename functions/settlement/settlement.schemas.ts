/** Request schemas of a settlement's calls after it is opened (terminal and holder) and of reconciliation; opening one: preSettle.schemas.ts. */
import * as z from 'zod/mini';
import { isoDate, opaqueId, pin } from '../core/schemas.js';

export const SettlementIdParams = z.object({ id: opaqueId });

export const ReconciliationQuery = z.object({ date: isoDate });

const totals = z.object({
  total: z.int(),
  pooledFund: z.int(),
  personalAccount: z.int(),
  /** Family sharing (家庭共济); terminals unaware of it may leave it out. */
  familyAccount: z._default(z.int(), 0),
  cash: z.int(),
});

export const ReconciliationBody = z.object({
  date: isoDate,
  count: z.int({ error: 'required' }).check(z.gte(0)),
  totals,
});

/** `splitVersion`: the split the holder was shown (GET /v1/settlements/{id}); a newer one is refused. */
export const ConfirmSettlementBody = z.object({ pin, splitVersion: z.optional(z.int().check(z.gte(1))) });

/** A bound relative's account (family service) instead of the holder's own. */
export const AccountQuery = z.object({ subjectCardId: z.optional(opaqueId) });

export const TransactionsQuery = z.object({
  limit: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  subjectCardId: z.optional(opaqueId),
});
