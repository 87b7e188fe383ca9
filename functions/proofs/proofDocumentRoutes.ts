/** A proof's PDF through its expiring download link (the `url` issuing gave). */
import { downloadProof as download } from './download.js';
import { proofLinkRoute } from './proofLinkRoute.js';
import { DownloadQuery, ProofIdParams } from './proofs.schemas.js';

export const downloadProof = proofLinkRoute({
  method: 'GET',
  path: '/v1/proofs/{id}/document',
  summary: "A proof's PDF (the download link's token; it expires)",
  success: 200,
  params: ProofIdParams,
  query: DownloadQuery,
  produces: 'application/pdf',
  handler: async ({ params, query }) => {
    const { pdf, filename } = await download(params.id, query.token);
    return { content: { type: 'application/pdf', body: pdf }, headers: { 'content-disposition': `inline; filename="${filename}"` } };
  },
});
