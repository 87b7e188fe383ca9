/**
 * The proof PDF's render time: a 10-year contributions proof (4 pages), first render in a fresh
 * process (reading and indexing the 10 MB font included) and the median of 20 more.
 * `npx tsx bench/proofPdf.ts`; the figures go in docs/perf.md.
 */
import { renderProofPdf } from '../functions/proofs/proofPdf.js';
import { contributionsProof as doc, DOCUMENT_SHA256, VERIFICATION_URL } from '../tests/support/proofDocuments.js';

const opts = { verificationUrl: VERIFICATION_URL, sha256: DOCUMENT_SHA256 };

let t0 = performance.now();
const first = await renderProofPdf(doc, opts);
const firstMs = performance.now() - t0;
const times: number[] = [];
for (let i = 0; i < 20; i++) {
  t0 = performance.now();
  await renderProofPdf(doc, opts);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`proof PDF (4 pages, ${first.length} B): first render ${firstMs.toFixed(0)} ms, then median ${times[10]!.toFixed(1)} ms`);
