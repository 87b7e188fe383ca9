/**
 * The proof PDF's render time: a 10-year contributions proof (4 pages), first render in a fresh
 * process (reading and indexing the 10 MB font included) and the median of 20 more.
 * `npx tsx bench/proofPdf.ts`; the figures go in docs/perf.md.
 */
import { contributionOf, INSURANCE_TYPES, type ContributorProfile } from '../functions/pension/contributions.rules.js';
import { contributionsPart, monthIndex, type ProofDocument } from '../functions/proofs/proof.rules.js';
import { renderProofPdf } from '../functions/proofs/proofPdf.js';

const employee: ContributorProfile = { key: 'k-bench', personType: 'employee', insuredSince: '2012-03', birthDate: '1985-06-01', gender: 'male' };
const records = [];
for (let mo = monthIndex('2016-01'); mo <= monthIndex('2025-12'); mo++) {
  for (const t of INSURANCE_TYPES) {
    const r = contributionOf(employee, t, mo);
    if (r) records.push(r);
  }
}
const id = 'pf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456';
const doc: ProofDocument = {
  v: 1,
  id,
  issuedAt: '2026-01-05T02:20:00.000Z',
  issuer: { name: 'essc 电子社保卡平台', keyId: 'essc-proof-dev-1' },
  holder: { maskedName: '欧***', maskedIdNumber: '3201**********1234' },
  region: { code: '320100', name: '南京市' },
  period: { from: '2016-01', to: '2026-01' },
  asOf: '2025-12',
  kind: 'contributions',
  contributions: contributionsPart(records),
};
const opts = { verificationUrl: `https://api.essc.example/v1/proofs/${id}/verification`, sha256: 'a1'.repeat(32) };

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
