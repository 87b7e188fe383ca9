/** Request schemas of out-of-area filing. */
import * as z from 'zod/mini';
import { isoDate, opaqueId } from '../core/schemas.js';
import { FILING_KINDS } from './filing.rules.js';

export const NewFilingBody = z.strictObject({
  destinationRegion: z.string({ error: 'required' }).check(z.regex(/^\d{6}$/, 'must be a 6-digit region code')),
  kind: z.enum(FILING_KINDS as [string, ...string[]], { error: `one of ${FILING_KINDS.join(', ')}` }),
  startDate: isoDate,
  endDate: z.optional(isoDate),
  /** The personal pledge (个人承诺书) in place of uploaded materials: must be true. */
  pledge: z.boolean({ error: 'required (true: the holder agrees to the personal pledge)' }),
});

/** A bound relative's filings (family service) instead of the holder's own. */
export const SubjectQuery = z.object({ subjectCardId: z.optional(opaqueId) });

export const FilingIdParams = z.object({ id: opaqueId });
