/**
 * Proofs: `PROOF#<id>` / `PROOF`, one item per proof issued. The item keeps the document's
 * text exactly as signed (the PDF is drawn from it again on each download, deterministically),
 * its SHA-256 and essc's signature, and whose proof it is (the subject's keyed hash, for the
 * access log; the card ids). Written once, never updated; TTL after RETENTION_SECONDS.proof.
 */
import { epochSeconds } from '../core/clock.js';
import { ttlFrom } from '../core/retention.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';

export interface ProofRecord {
  id: string;
  /** The signed document (proof.rules ProofDocument as JSON). */
  document: string;
  /** Hex SHA-256 of `document`. */
  sha256: string;
  /** Ed25519 over `document`, base64url. */
  signature: string;
  keyId: string;
  /** The person the proof is about (keyed hash of the ID number). */
  subjectIdHash: string;
  subjectCardId: string;
  /** The card that asked for it: the subject's own, or a family helper's. */
  issuedByCardId: string;
  issuedAt: string;
  ttl: number;
}

export const proofKey = (id: string) => ({ pk: `PROOF#${id}`, sk: 'PROOF' });

export function newProofRecord(fields: Omit<ProofRecord, 'ttl'>, at: Date): ProofRecord {
  return { ...fields, ttl: ttlFrom('proof', epochSeconds(at)) };
}

/** The proof's one write: put if absent (an id is never reused). */
export function proofPut(record: ProofRecord): TransactItem {
  return { Put: newItem(proofKey(record.id), 'proof', record) };
}

export function getProof(id: string): Promise<ProofRecord | undefined> {
  return getRecord<ProofRecord>(proofKey(id));
}
