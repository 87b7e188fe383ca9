/** Request schemas of the terminal's settlement calls and the holder's side of them. */
import { scannedCode } from '../codes/index.js';
import * as z from 'zod/mini';
import { isoDate, opaqueId, pin } from '../core/schemas.js';

/** The institution's own order id (HIS / POS), unique per institution. */
const institutionOrderId = z
  .string({ error: 'required' })
  .check(z.minLength(1, 'required'), z.maxLength(64, 'at most 64 characters'), z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'));

/** Items are checked in depth by the policy engine's validateBill, which names each field. */
export const PreSettlementBody = z.object({
  code: scannedCode,
  institutionOrderId,
  items: z.array(z.unknown(), { error: 'must be an array of bill items' }).check(z.minLength(1, 'at least one item')),
});

export const SettlementIdParams = z.object({ id: opaqueId });

export const SettlementByOrderQuery = z.object({ institutionOrderId });

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
