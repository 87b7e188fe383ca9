/** Issuing a proof (参保证明 / 缴费证明), for the holder or a bound relative. */
import { holderRoute } from '../core/http/holderRoute.js';
import { LIMITS } from '../core/limits/limits.js';
import { issueProof as issue } from './issue.js';
import { IssueProofBody, IssuedProof } from './proofs.schemas.js';

export const issueProof = holderRoute({
  method: 'POST',
  path: '/v1/records/proofs',
  summary: 'Issue a proof of insurance or of contributions (PDF behind an expiring link)',
  description:
    'The PDF (application/pdf) downloads from `url` until `expiresAt` (1 hour); its QR code opens GET /v1/proofs/{id}/verification. `subjectCardId`: a bound relative (family service).',
  success: 201,
  body: IssueProofBody,
  response: IssuedProof,
  limit: LIMITS.proofIssues,
  handler: async ({ session, body }) => ({ body: await issue(session, body) }),
});
