/**
 * How long each kind of short-lived record outlives its use before the table's TTL removes it
 * (the `ttl` attribute, epoch seconds). One table, so the periods are chosen in one place and
 * docs/privacy.md can list them; what each record holds and what its period counts from are in
 * retentionNotes.ts (kept out of the handlers' bundles), and tests/unit/core/retention.test.ts
 * checks the three agree.
 *
 * Records of a card (person, card, bindings, account, ledger) are not here: they live as long
 * as the card does and are archived under the medical insurance record rules, not expired.
 */
const MINUTE = 60;
const DAY = 86_400;

/** Seconds each record is kept after its period starts. */
export const RETENTION_SECONDS = {
  faceVerification: 2 * DAY,
  faceFailureCounter: 2 * DAY,
  code: DAY,
  // signing/signature.rules NONCE_TTL_SECONDS: a replay window of 600 s plus clock margin.
  nonce: 900,
  loginRequest: DAY,
  familyInvitation: 0,
  outboxEvent: 7 * DAY,
  // As long as the outbox event: a redelivered event of the key still finds the marker (and merges).
  noticeMarker: 7 * DAY,
  webhookDelivery: 30 * DAY,
  launchTicket: DAY,
  idempotencyRecord: 7 * DAY,
  rateCounter: MINUTE,
  proof: 365 * DAY,
  auditEntry: 3 * 365 * DAY,
} as const satisfies Record<string, number>;

export type RetainedRecord = keyof typeof RETENTION_SECONDS;

/** The `ttl` of a record of kind `kind` whose period starts at `fromEpochSeconds`. */
export function ttlFrom(kind: RetainedRecord, fromEpochSeconds: number): number {
  return fromEpochSeconds + RETENTION_SECONDS[kind];
}
