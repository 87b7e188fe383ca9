/** Request schemas of the terminal API (designated pharmacies and hospitals) and the holder's settlement calls. */
import { z } from 'zod';
import { BUSINESS_TYPES } from '../codes/dynamicCode.rules.js';

const code = z.string({ error: 'required' }).min(1, 'required').max(64, 'too long');
const opaqueId = z.string({ error: 'required' }).min(1, 'required').max(100, 'too long').regex(/^[A-Za-z0-9_-]+$/, 'malformed id');

export const CodeVerificationBody = z.object({
  code,
  businessType: z.enum(BUSINESS_TYPES as [string, ...string[]], { error: `must be one of ${BUSINESS_TYPES.join(', ')}` }),
});

/** Items are checked in depth by the policy engine's validateBill, which names each field. */
export const PreSettlementBody = z.object({
  code,
  institutionOrderId: z
    .string({ error: 'required' })
    .min(1, 'required')
    .max(64, 'at most 64 characters')
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
  items: z.array(z.unknown(), { error: 'must be an array of bill items' }).min(1, 'at least one item'),
});

export const SettlementIdParams = z.object({ id: opaqueId });

export const IdempotencyHeader = z
  .string({ error: 'the Idempotency-Key header is required' })
  .min(8, 'at least 8 characters')
  .max(128, 'at most 128 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const ReconciliationQuery = z.object({
  date: z.string({ error: 'required' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
});

const totals = z.object({
  total: z.number().int(),
  pooledFund: z.number().int(),
  personalAccount: z.number().int(),
  /** Family sharing (家庭共济); terminals unaware of it may leave it out. */
  familyAccount: z.number().int().default(0),
  cash: z.number().int(),
});

export const ReconciliationBody = z.object({
  date: z.string({ error: 'required' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  count: z.number({ error: 'required' }).int().min(0),
  totals,
});

export const ConfirmSettlementBody = z.object({ pin: z.string({ error: 'required' }).regex(/^\d{6}$/, 'must be exactly 6 digits') });

const subjectCardId = z.string().min(1, 'required').max(100, 'too long').regex(/^[A-Za-z0-9_-]+$/, 'malformed id');

/** A bound relative's account (family service) instead of the holder's own. */
export const AccountQuery = z.object({ subjectCardId: subjectCardId.optional() });

export const TransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
  subjectCardId: subjectCardId.optional(),
});
