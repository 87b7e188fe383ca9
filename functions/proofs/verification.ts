/**
 * A proof's public verification: whether the stored document is still what essc signed (its
 * hash, its signature, and that it is this proof's own document). A forged id is refused by its
 * tag before any read; every proof reached is noted in its person's access log.
 */
import { noteAccess } from '../core/audit/trail.js';
import { logger } from '../core/logger.js';
import { proofErrors } from './errors.js';
import { getProof, type ProofRecord } from './proof.store.js';
import { checkDocument, knownProofId } from './proofKeys.js';
import { readDocument, type ProofDocument } from './proof.rules.js';

export interface ProofVerificationView {
  id: string;
  valid: boolean;
  kind?: ProofDocument['kind'];
  holder?: ProofDocument['holder'];
  period?: ProofDocument['period'];
  issuedAt?: string;
  hashValid: boolean;
  signatureValid: boolean;
  sha256: string;
}

export interface Checked {
  record: ProofRecord;
  document?: ProofDocument;
  hashValid: boolean;
  signatureValid: boolean;
  valid: boolean;
}

/** The stored proof and whether it holds: hash, signature, and a document that is this proof's own. */
export async function checkedProof(id: string): Promise<Checked> {
  if (!knownProofId(id)) throw proofErrors.problem('proof_not_found');
  const record = await getProof(id);
  if (!record) throw proofErrors.problem('proof_not_found');
  if (typeof record.subjectIdHash === 'string') noteAccess(record.subjectIdHash, 'proof');
  const text = typeof record.document === 'string' ? record.document : '';
  const { hashValid, signatureValid } = checkDocument(text, {
    sha256: String(record.sha256 ?? ''),
    signature: String(record.signature ?? ''),
    keyId: String(record.keyId ?? ''),
  });
  const document = readDocument(text);
  const valid = hashValid && signatureValid && document !== undefined && document.id === id && document.issuer.keyId === record.keyId;
  if (!valid) logger.warn('proof failed its check', { proofId: id, hashValid, signatureValid });
  return { record, ...(document ? { document } : {}), hashValid, signatureValid, valid };
}

export async function verifyProof(id: string): Promise<{ view: ProofVerificationView; document?: ProofDocument }> {
  const { record, document, hashValid, signatureValid, valid } = await checkedProof(id);
  const view: ProofVerificationView = {
    id,
    valid,
    ...(document ? { kind: document.kind, holder: document.holder, period: document.period, issuedAt: document.issuedAt } : {}),
    hashValid,
    signatureValid,
    sha256: String(record.sha256 ?? ''),
  };
  return { view, ...(document ? { document } : {}) };
}
