/** A proof's public verification: JSON, or the zh-CN page its QR code opens in a browser. */
import { ProblemError } from '../core/problem.js';
import { proofLinkRoute } from './proofLinkRoute.js';
import { prefersHtml } from './proof.rules.js';
import { ProofIdParams, ProofVerification } from './proofs.schemas.js';
import { notFoundPage, PAGE_HEADERS, verificationPage } from './verificationPage.js';
import { verifyProof } from './verification.js';

export const proofVerification = proofLinkRoute({
  method: 'GET',
  path: '/v1/proofs/{id}/verification',
  summary: 'Verify a proof: is the stored document what essc signed (Accept: text/html for the page)',
  success: 200,
  params: ProofIdParams,
  response: ProofVerification,
  produces: 'text/html',
  handler: async ({ params, event }) => {
    const html = prefersHtml(event.headers?.accept);
    try {
      const { view, document } = await verifyProof(params.id);
      if (!html) return { body: view };
      return { content: { type: 'text/html; charset=utf-8', body: verificationPage(view, document) }, headers: PAGE_HEADERS };
    } catch (err) {
      // A browser gets a page saying 无效 with the 404, not a problem document.
      if (html && err instanceof ProblemError && err.code === 'proof_not_found') {
        return { status: 404, content: { type: 'text/html; charset=utf-8', body: notFoundPage() }, headers: PAGE_HEADERS };
      }
      throw err;
    }
  },
});
