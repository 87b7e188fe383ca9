/**
 * A proof document as the issuing route builds one: ten years (2016-01 to 2025-12) of an
 * employee's contributions, masked holder facts, fixed dates. Shared by the PDF test and
 * bench/proofPdf.ts, so the bench measures the document the test checks.
 */
import { contributionOf, INSURANCE_TYPES, type ContributorProfile } from '../../functions/pension/contributions.rules.js';
import { contributionsPart, monthIndex, type ProofDocument } from '../../functions/proofs/proof.rules.js';

export const PROOF_ID = 'pf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456';
export const VERIFICATION_URL = `https://api.essc.example/v1/proofs/${PROOF_ID}/verification`;
export const DOCUMENT_SHA256 = 'a1'.repeat(32);
const employee: ContributorProfile = { key: 'k-pdf', personType: 'employee', insuredSince: '2012-03', birthDate: '1985-06-01', gender: 'male' };

/** The employee's contribution records, month by month, for every insurance type. */
export function records(from: string, to: string) {
  const out = [];
  for (let mo = monthIndex(from); mo <= monthIndex(to); mo++) for (const t of INSURANCE_TYPES) {
    const r = contributionOf(employee, t, mo);
    if (r) out.push(r);
  }
  return out;
}

/** What every proof of this holder says besides its kind and body. */
export const proofBase = {
  v: 1 as const,
  id: PROOF_ID,
  issuedAt: '2026-01-05T02:20:00.000Z',
  issuer: { name: 'essc 电子社保卡平台', keyId: 'essc-proof-dev-1' },
  holder: { maskedName: '欧***', maskedIdNumber: '3201**********1234' },
  region: { code: '320100', name: '南京市' },
  period: { from: '2016-01', to: '2026-01' },
  asOf: '2025-12',
};

/** The 10-year contributions proof (4 pages). */
export const contributionsProof: ProofDocument = { ...proofBase, kind: 'contributions', contributions: contributionsPart(records('2016-01', '2025-12')) };
