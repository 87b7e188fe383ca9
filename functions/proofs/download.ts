/**
 * A proof's PDF through its download link: the link's tag and expiry checked before any read,
 * the stored document checked as the verification page checks it (one that fails is not
 * served), and the PDF drawn from it again.
 */
import { now } from '../core/clock.js';
import { proofErrors } from './errors.js';
import { checkDownloadToken, knownProofId, verificationUrl } from './proofKeys.js';
import { renderProofPdf } from './proofPdf.js';
import { checkedProof } from './verification.js';

/** The PDF of a proof whose link is valid; a document that fails its check is not served. */
export async function downloadProof(id: string, token: string | undefined): Promise<{ pdf: Buffer; filename: string }> {
  if (!knownProofId(id)) throw proofErrors.problem('proof_not_found');
  const link = checkDownloadToken(id, token ?? '', now());
  if (link === 'invalid') throw proofErrors.problem('proof_not_found');
  if (link === 'expired') throw proofErrors.problem('proof_link_expired');
  const { record, document, valid } = await checkedProof(id);
  if (!valid || !document) throw proofErrors.problem('proof_invalid');
  const pdf = await renderProofPdf(document, { verificationUrl: verificationUrl(id), sha256: record.sha256 });
  return { pdf, filename: `${document.kind === 'insurance' ? 'canbao' : 'jiaofei'}-${id}.pdf` };
}
