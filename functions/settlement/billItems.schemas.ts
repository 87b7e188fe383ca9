/**
 * What a terminal sends of a bill, for pre-settling a code and for pushing a bill: the
 * institution's order id and the items. The items are checked in depth by the policy engine's
 * validateBill (policy.rules.ts), which names each field it refuses; the metadata describes the
 * item it accepts for the OpenAPI document and the partner SDK's types.
 */
import * as z from 'zod/mini';
import { MAX_BILL_ITEMS, MAX_BILL_TOTAL_FEN, MAX_ITEM_CODE_LENGTH, MAX_ITEM_NAME_LENGTH, MAX_ITEM_QUANTITY } from './policy.rules.js';

/** The institution's own order id (HIS / POS), unique per institution. */
export const institutionOrderId = z
  .string({ error: 'required' })
  .check(z.minLength(1, 'required'), z.maxLength(64, 'at most 64 characters'), z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'));

const billItem = z.unknown().register(z.globalRegistry, {
  type: 'object',
  description:
    'One line of the bill; validateBill names each field it refuses (items.<i>.<field>). Lengths count UTF-16 code units (a character outside the BMP counts twice).',
  required: ['code', 'name', 'class', 'quantity', 'unitPrice'],
  properties: {
    code: { type: 'string', minLength: 1, pattern: '\\S', maxLength: MAX_ITEM_CODE_LENGTH, description: "The institution's item code (a drug or service of the catalogue)" },
    name: { type: 'string', minLength: 1, pattern: '\\S', maxLength: MAX_ITEM_NAME_LENGTH },
    class: { type: 'string', enum: ['A', 'B', 'C'], description: '甲类 A, 乙类 B (part self-paid), 丙类 C (self-paid)' },
    quantity: { type: 'integer', minimum: 1, maximum: MAX_ITEM_QUANTITY },
    unitPrice: { type: 'integer', minimum: 0, maximum: MAX_BILL_TOTAL_FEN, description: 'Fen' },
  },
});

export const billItems = z
  .array(billItem, { error: 'must be an array of bill items' })
  .check(z.minLength(1, 'at least one item'))
  .register(z.globalRegistry, {
    maxItems: MAX_BILL_ITEMS,
    description: `Each line's total (quantity × unitPrice) and the bill's total at most ${MAX_BILL_TOTAL_FEN} fen; the bill's total above 0`,
  });
