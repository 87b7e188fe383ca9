/**
 * Rate limits: fixed-window counters in the table, one atomic conditional update per
 * counted request (`count < limit`), removed by TTL after their window. A refusal is 429
 * `rate_limited` with `Retry-After` (seconds to the window's end). The same code runs on
 * every stage, DynamoDB Local included.
 */
import { RETENTION_SECONDS } from '../retention.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../clock.js';
import { ddb, isConditionFailed, tableName } from '../table/ddb.js';
import { getItem } from '../table/records.js';
import { limitErrors } from './errors.js';

export interface Limit {
  /** What is counted, e.g. `session-ip`, `face-start`. */
  name: string;
  max: number;
  windowSeconds: number;
}

/** Every terminal route, per institution (its own constant: a module-level argument must be side-effect free). */
export const TERMINAL_CALLS: Limit = { name: 'terminal', max: 3000, windowSeconds: 60 };
/** Every channel-signed route (portals, partners), per channel; an operator may set a channel's own (Channel.callsPerMinute). */
export const CHANNEL_CALLS: Limit = { name: 'channel', max: 3000, windowSeconds: 60 };

/**
 * Each signing key may use this share of its signer's limit, so that a runaway or leaked key
 * (say the old one during a rotation) leaves the signer's other key room to work.
 */
export const KEY_SHARE = 2 / 3;

/** The per-key limit under a signer's `limit` (counted as `<name>-key`, per signer and key id). */
export function keyLimitOf(limit: Limit): Limit {
  return { name: `${limit.name}-key`, max: Math.ceil(limit.max * KEY_SHARE), windowSeconds: limit.windowSeconds };
}

/** The limits essc applies, in one place (docs/privacy.md and docs/perf.md cite them). */
export const LIMITS = {
  /** POST /v1/sessions per source IP. */
  sessionsPerIp: { name: 'session-ip', max: 120, windowSeconds: 60 },
  /** A payment provider's notifications per source IP (providers send from few addresses, in bursts). */
  paymentNotifications: { name: 'payment-notify-ip', max: 600, windowSeconds: 60 },
  /** Every holder route, per channel user. */
  holderCalls: { name: 'holder', max: 240, windowSeconds: 60 },
  terminalCalls: TERMINAL_CALLS,
  channelCalls: CHANNEL_CALLS,
  /** Name + ID number checks against the register, per ID number (so the register cannot be probed). */
  identityChecksPerPerson: { name: 'identity-person', max: 20, windowSeconds: 3600 },
  /** Name + ID number checks, per channel user (so one user cannot walk through many ID numbers). */
  identityChecksPerUser: { name: 'identity-user', max: 60, windowSeconds: 3600 },
  /** Face verification starts, per person and purpose, per China day (failures are limited to 3 apart). */
  faceStartsPerDay: { name: 'face-start', max: 10, windowSeconds: 86_400 },
  /** Dynamic codes issued, per channel user. */
  codeIssues: { name: 'code-issue', max: 30, windowSeconds: 60 },
  /** Offline code batches, per channel user and day. */
  offlineBatches: { name: 'offline-batch', max: 10, windowSeconds: 86_400 },
  /** Refused code verifications (unknown, used, expired…), per institution: guessing codes costs. */
  codeFailures: { name: 'code-failure', max: 60, windowSeconds: 60 },
  /** Scan-to-login requests, per portal. */
  loginRequests: { name: 'login-request', max: 600, windowSeconds: 60 },
  /** Proofs issued (参保证明 / 缴费证明), per channel user. */
  proofIssues: { name: 'proof-issue', max: 30, windowSeconds: 3600 },
  /** A proof's download and public verification, per source IP. */
  proofsPerIp: { name: 'proof-ip', max: 120, windowSeconds: 60 },
} as const satisfies Record<string, Limit>;

/** The China day's window of a daily limit starts at China midnight (UTC+8). */
const CHINA_OFFSET_S = 8 * 3600;

function windowOf(limit: Limit, at: Date): { start: number; end: number } {
  const t = epochSeconds(at);
  const shift = limit.windowSeconds === 86_400 ? CHINA_OFFSET_S : 0;
  const start = Math.floor((t + shift) / limit.windowSeconds) * limit.windowSeconds - shift;
  return { start, end: start + limit.windowSeconds };
}

export const limitKey = (limit: Limit, subject: string, windowStart: number) => ({
  pk: `LIMIT#${limit.name}#${subject}#${windowStart}`,
  sk: 'LIMIT',
});

/** The 429 for `limit`, retry after the window's end. */
export function rateLimited(limit: Limit, at: Date) {
  const retryAfter = Math.max(1, windowOf(limit, at).end - epochSeconds(at));
  return limitErrors.problem('rate_limited', {
    headers: { 'retry-after': String(retryAfter) },
    extensions: { limit: limit.name, retryAfter },
  });
}

/** Counts one request of `subject` against `limit`; throws 429 once the window's count is used up. */
export async function consumeLimit(limit: Limit, subject: string, at: Date): Promise<void> {
  const { start, end } = windowOf(limit, at);
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: limitKey(limit, subject, start),
        UpdateExpression: 'SET #ttl = :ttl ADD #count :one',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':max': limit.max, ':ttl': end + RETENTION_SECONDS.rateCounter },
      }),
    );
  } catch (err) {
    if (isConditionFailed(err)) throw rateLimited(limit, at);
    throw err;
  }
}

/** Gives back one counted request (a call another of its limits refused), best effort: a lost refund only errs on the strict side. */
export async function refundLimit(limit: Limit, subject: string, at: Date): Promise<void> {
  const { start } = windowOf(limit, at);
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: limitKey(limit, subject, start),
        UpdateExpression: 'ADD #count :minus',
        ConditionExpression: '#count > :zero',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    )
    .catch(() => undefined);
}

/** Whether `subject` has used up `limit` this window (a read; for limits counted on failure only). */
export async function limitReached(limit: Limit, subject: string, at: Date): Promise<boolean> {
  const item = await getItem(limitKey(limit, subject, windowOf(limit, at).start), { consistent: false });
  return ((item?.count as number | undefined) ?? 0) >= limit.max;
}

/** Counts one without a cap (a failure counted after the fact). */
export async function countOne(limit: Limit, subject: string, at: Date): Promise<void> {
  const { start, end } = windowOf(limit, at);
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: limitKey(limit, subject, start),
      UpdateExpression: 'SET #ttl = :ttl ADD #count :one',
      ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': end + RETENTION_SECONDS.rateCounter },
    }),
  );
}
