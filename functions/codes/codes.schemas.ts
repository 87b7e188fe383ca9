/** Request schemas of code verification (terminals). */
import * as z from 'zod/mini';
import { text } from '../core/schemas.js';
import { BUSINESS_TYPE_INPUTS } from './dynamicCode.rules.js';

/** A scanned code as sent; its format is checked by parseCode, which says exactly what is wrong. */
export const scannedCode = text(1, 64);

export const CodeVerificationBody = z.object({
  code: scannedCode,
  /** A business type, or a medical insurance code-use type (01101 挂号, 01301 门诊结算, 02121 药店购药). */
  businessType: z.enum(BUSINESS_TYPE_INPUTS as [string, ...string[]], { error: `must be one of ${BUSINESS_TYPE_INPUTS.join(', ')}` }),
});
