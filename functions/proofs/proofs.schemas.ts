/** Request and answer schemas of proofs (参保证明 / 缴费证明). */
import * as z from 'zod/mini';
import { opaqueId } from '../core/schemas.js';
import { PROOF_KINDS } from './proof.rules.js';

/** The months are checked by the proof's period rules (proof_period_invalid), not here. */
const month = z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(20, 'too long'));

export const IssueProofBody = z.strictObject({
  kind: z.enum(PROOF_KINDS, { error: `must be one of ${PROOF_KINDS.join(', ')}` }),
  from: month,
  to: month,
  subjectCardId: z.optional(opaqueId),
});

/** Any id is looked at (a forged one is a 404 proof_not_found, not a 400). */
export const ProofIdParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)) });

export const DownloadQuery = z.object({ token: z.optional(z.string().check(z.maxLength(200))) });

export const IssuedProof = z.object({
  id: z.string(),
  /** Downloads the PDF until expiresAt; anyone holding it can. */
  url: z.string(),
  expiresAt: z.string(),
});

export const ProofVerification = z.object({
  id: z.string(),
  valid: z.boolean(),
  kind: z.optional(z.enum(PROOF_KINDS)),
  holder: z.optional(z.object({ maskedName: z.string(), maskedIdNumber: z.string() })),
  period: z.optional(z.object({ from: z.string(), to: z.string() })),
  issuedAt: z.optional(z.string()),
  hashValid: z.boolean(),
  signatureValid: z.boolean(),
  /** The document's SHA-256, as printed on the PDF's last page. */
  sha256: z.string(),
});
