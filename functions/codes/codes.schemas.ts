/** Request schemas of code verification (terminals). */
import * as z from 'zod/mini';
import { text } from '../core/schemas.js';
import { BUSINESS_TYPES } from './dynamicCode.rules.js';

/** A scanned code as sent; its format is checked by parseCode, which says exactly what is wrong. */
export const scannedCode = text(1, 64);

export const CodeVerificationBody = z.object({
  code: scannedCode,
  businessType: z.enum(BUSINESS_TYPES as [string, ...string[]], { error: `must be one of ${BUSINESS_TYPES.join(', ')}` }),
});
