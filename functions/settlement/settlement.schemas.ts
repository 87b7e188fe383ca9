/** Request schemas of the terminal's settlement calls and the holder's side of them. */
import { z } from 'zod';
import { scannedCode } from '../codes/index.js';
import { isoDate, opaqueId, pin } from '../core/schemas.js';

/** Items are checked in depth by the policy engine's validateBill, which names each field. */
export const PreSettlementBody = z.object({
  code: scannedCode,
  institutionOrderId: z
    .string({ error: 'required' })
    .min(1, 'required')
    .max(64, 'at most 64 characters')
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
  items: z.array(z.unknown(), { error: 'must be an array of bill items' }).min(1, 'at least one item'),
});

export const SettlementIdParams = z.object({ id: opaqueId });

export const ReconciliationQuery = z.object({ date: isoDate });

const totals = z.object({
  total: z.number().int(),
  pooledFund: z.number().int(),
  personalAccount: z.number().int(),
  /** Family sharing (家庭共济); terminals unaware of it may leave it out. */
  familyAccount: z.number().int().default(0),
  cash: z.number().int(),
});

export const ReconciliationBody = z.object({
  date: isoDate,
  count: z.number({ error: 'required' }).int().min(0),
  totals,
});

export const ConfirmSettlementBody = z.object({ pin });

/** A bound relative's account (family service) instead of the holder's own. */
export const AccountQuery = z.object({ subjectCardId: opaqueId.optional() });

export const TransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
  subjectCardId: opaqueId.optional(),
});
