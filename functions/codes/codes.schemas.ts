/** Request schemas of code verification (terminals). */
import { z } from 'zod';
import { BUSINESS_TYPES } from './dynamicCode.rules.js';

/** A scanned code as sent; its format is checked by parseCode, which says exactly what is wrong. */
export const scannedCode = z.string({ error: 'required' }).min(1, 'required').max(64, 'too long');

export const CodeVerificationBody = z.object({
  code: scannedCode,
  businessType: z.enum(BUSINESS_TYPES as [string, ...string[]], { error: `must be one of ${BUSINESS_TYPES.join(', ')}` }),
});
