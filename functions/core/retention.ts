/**
 * How long each kind of short-lived record outlives its use before the table's TTL removes it
 * (the `ttl` attribute, epoch seconds). One table, so the periods are chosen in one place and
 * docs/privacy.md can list them; tests/unit/core/retention.test.ts checks the two agree.
 *
 * Records of a card (person, card, bindings, account, ledger) are not here: they live as long
 * as the card does and are archived under the medical insurance record rules, not expired.
 */
const MINUTE = 60;
const DAY = 86_400;

export interface Retention {
  /** Seconds kept after `after`. */
  seconds: number;
  /** What the period counts from. */
  after: string;
  /** What the record holds (never plaintext personal information unless it says "encrypted"). */
  holds: string;
}

export const RETENTION = {
  faceVerification: {
    seconds: 2 * DAY,
    after: 'the verification expires (at most 1 h after it starts)',
    holds: "the subject's name and ID number (encrypted), keyed hash, outcome",
  },
  faceFailureCounter: { seconds: 2 * DAY, after: 'the failure', holds: 'keyed hash of the ID number, purpose, day, count' },
  code: { seconds: DAY, after: 'the code expires (60 s online, 10 min offline)', holds: 'card id, masked name and ID number, keyed hash, the channel user' },
  // signing/signature.rules NONCE_TTL_SECONDS: a replay window of 600 s plus clock margin.
  nonce: { seconds: 900, after: 'the signed request', holds: 'the signer id and the nonce' },
  loginRequest: { seconds: DAY, after: 'the request expires (120 s)', holds: 'portal id, state; once confirmed the ID token (name, masked ID number) and the keyed hash' },
  familyInvitation: { seconds: 0, after: 'the invitation expires (7 days)', holds: 'both card ids, the relationship, the masked names, the helper’s channel user' },
  outboxEvent: { seconds: 7 * DAY, after: 'the change', holds: 'event type, card id, the channels and partner users told' },
  // As long as the outbox event: a redelivered event of the key still finds the marker (and merges).
  noticeMarker: { seconds: 7 * DAY, after: 'the first event of its notice key (a window of an hour)', holds: 'card id, the notification id, its time' },
  webhookDelivery: { seconds: 30 * DAY, after: 'the delivery is made', holds: 'channel, endpoint, the thin payload (holderRef, partner user id, card status), every attempt' },
  launchTicket: { seconds: DAY, after: 'the ticket expires (5 min)', holds: 'channel id, the partner user id, the return URL, when it was used' },
  idempotencyRecord: { seconds: 7 * DAY, after: 'the settle or reversal', holds: 'institution id, key, settlement id, request hash' },
  rateCounter: { seconds: MINUTE, after: 'its window ends', holds: 'the limited caller (channel user, institution, IP or keyed hash), count' },
  proof: {
    seconds: 365 * DAY,
    after: 'the proof is issued',
    holds: 'the signed document (masked name and ID number, region, the period’s insurance status or contributions), its hash and signature, keyed hash of the subject, card ids',
  },
  auditEntry: {
    seconds: 3 * 365 * DAY,
    after: 'the access',
    holds: 'keyed hash of the subject, actor (channel, card id, institution or operator), operation, outcome',
  },
} as const satisfies Record<string, Retention>;

export type RetainedRecord = keyof typeof RETENTION;

/** The `ttl` of a record of kind `kind` whose period starts at `fromEpochSeconds`. */
export function ttlFrom(kind: RetainedRecord, fromEpochSeconds: number): number {
  return fromEpochSeconds + RETENTION[kind].seconds;
}
