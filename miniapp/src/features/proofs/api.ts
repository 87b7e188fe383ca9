/** Proofs of insurance (参保证明) and of contributions (缴费证明): issue 12 contract, "Proofs". */
import { apiUrl, request } from '../../shared/api/client'
import type { ProofKind } from './proofs'

export interface ProofInput {
  kind: ProofKind
  from: string
  to: string
  /** A bound relative's card (亲情服务); the holder's own without it. */
  subjectCardId?: string
}

export interface Proof {
  id: string
  /** Downloads the PDF (application/pdf) until `expiresAt`. */
  url: string
  expiresAt: string
}

/**
 * `POST /v1/records/proofs` → 201. Refusals: proof_period_invalid, proof_period_in_future,
 * proof_period_before_first_contribution (422).
 */
export async function createProof(input: ProofInput): Promise<Proof> {
  const body = input.subjectCardId ? input : { kind: input.kind, from: input.from, to: input.to }
  const proof = await request<Proof>('POST', '/v1/records/proofs', body)
  // An API path (not an absolute URL) is on this API.
  return { ...proof, url: proof.url.startsWith('/') ? `${apiUrl()}${proof.url}` : proof.url }
}
