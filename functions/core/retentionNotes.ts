/**
 * What each retained record holds and what its period counts from, as docs/privacy.md lists them
 * next to the periods of retention.ts. Apart from the periods because no handler needs the text
 * (1.7 KiB in every bundle that writes a TTL); the type makes a new kind of record without its notes a compile error.
 */
import type { RetainedRecord } from './retention.js';

export interface RetentionNote {
  /** What the period counts from. */
  after: string;
  /** What the record holds (never plaintext personal information unless it says "encrypted"). */
  holds: string;
}

export const RETENTION_NOTES: Record<RetainedRecord, RetentionNote> = {
  faceVerification: {
    after: 'the verification expires (at most 1 h after it starts)',
    holds: "the subject's name and ID number (encrypted), keyed hash, outcome",
  },
  faceFailureCounter: { after: 'the failure', holds: 'keyed hash of the ID number, purpose, day, count' },
  code: { after: 'the code expires (60 s online, 10 min offline)', holds: 'card id, masked name and ID number, keyed hash, the channel user' },
  nonce: { after: 'the signed request', holds: 'the signer id and the nonce' },
  loginRequest: { after: 'the request expires (120 s)', holds: 'portal id, state; once confirmed the ID token (name, masked ID number) and the keyed hash' },
  familyInvitation: { after: 'the invitation expires (7 days)', holds: 'both card ids, the relationship, the masked names, the helper’s channel user' },
  outboxEvent: { after: 'the change', holds: 'event type, card id, the channels and partner users told' },
  noticeMarker: { after: 'the first event of its notice key (a window of an hour)', holds: 'card id, the notification id, its time' },
  webhookDelivery: { after: 'the delivery is made', holds: 'channel, endpoint, the thin payload (holderRef, partner user id, card status), every attempt' },
  launchTicket: { after: 'the ticket expires (5 min)', holds: 'channel id, the partner user id, the return URL, when it was used' },
  idempotencyRecord: { after: 'the settle or reversal', holds: 'institution id, key, settlement id, request hash' },
  rateCounter: { after: 'its window ends', holds: 'the limited caller (channel user, institution, IP or keyed hash), count' },
  proof: {
    after: 'the proof is issued',
    holds: 'the signed document (masked name and ID number, region, the period’s insurance status or contributions), its hash and signature, keyed hash of the subject, card ids',
  },
  auditEntry: {
    after: 'the access',
    holds: 'keyed hash of the subject, actor (channel, card id, institution or operator), operation, outcome',
  },
};
