/**
 * What the terminal API answers about settlements and the day's reconciliation, for the API
 * reference and the SDK's types (core/http/route.ts `response`; the API tests check every
 * answer against them). Kept apart from the request schemas, which holder routes bundle too.
 */
import * as z from 'zod/mini';
import { isoTime } from '../core/answers.js';
import { outOfAreaAnswer, splitPartsAnswer } from './answerParts.schemas.js';

export const TerminalSettlementAnswer = z.object({
  id: z.string(),
  status: z.enum(['awaiting_confirmation', 'confirmed', 'settled', 'cancelled', 'reversed']),
  institutionOrderId: z.string(),
  split: z.object({ ...splitPartsAnswer, outOfArea: z.optional(outOfAreaAnswer) }),
  settledAt: z.optional(isoTime),
  reversedAt: z.optional(isoTime),
  cancelledAt: z.optional(isoTime),
});

const ledgerKind = z.enum(['settlement', 'reversal', 'refund']);

export const ReconciliationAnswer = z.object({
  date: z.string(),
  count: z.int(),
  totals: z.object(splitPartsAnswer),
  /** The day's ledger entries; a reversal's amounts are negative, a bill paid in the app has its bill's id as settlementId. */
  settlements: z.array(z.object({ entry: z.string(), kind: ledgerKind, settlementId: z.string(), institutionOrderId: z.string(), at: isoTime, ...splitPartsAnswer })),
});

export const ReconciliationCheckAnswer = z.object({
  date: z.string(),
  matched: z.boolean(),
  differences: z.array(z.object({ field: z.string(), ours: z.int(), theirs: z.int() })),
  ours: z.object({ count: z.int(), totals: z.object(splitPartsAnswer) }),
});
