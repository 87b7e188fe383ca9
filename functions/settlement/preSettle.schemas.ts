/** Request schemas of opening a settlement: pre-settling a bill with a code, and finding one by the institution's order id. */
import * as z from 'zod/mini';
import { scannedCode } from '../codes/index.js';
import { billItems, institutionOrderId } from './billItems.schemas.js';

export const PreSettlementBody = z.object({
  code: scannedCode,
  institutionOrderId,
  items: billItems,
});

export const SettlementByOrderQuery = z.object({ institutionOrderId });
