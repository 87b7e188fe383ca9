/**
 * Starting a face verification and asking the provider for its result. The client's own
 * report of the face UI is never an input here: only the provider's answer counts.
 */
import { noteAccess } from '../core/audit/trail.js';
import { ttlFrom } from '../core/retention.js';
import { requireChannel } from '../channels/index.js';
import { originOf } from '../core/http/origin.rules.js';
import { chinaDay, epochSeconds, now } from '../core/clock.js';
import { consumeLimit, LIMITS } from '../core/limits/limits.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { pii } from '../core/pii/crypto.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { subjectOf } from '../family/index.js';
import { checkRealName, requireValidIdNumber } from '../holder/index.js';
import { FaceProviderError, faceProviderFor, type FaceOutcome } from '../providers/index.js';
import { httpErrors } from '../core/http/errors.js';
import { faceErrors } from './errors.js';
import {
  getFaceVerification,
  listFaceVerificationsOfDay,
  markFaceFailedItem,
  markFacePassed,
  putFaceVerification,
  type FacePurpose,
  type FaceVerificationRecord,
} from './faceVerification.store.js';
import { addFaceFailureItem, getFaceFailures, MAX_FACE_FAILURES_PER_DAY } from './faceAttempts.store.js';
import { openReviewItems } from './review.store.js';

/** A verification can be used for at most this long after it starts, whatever the provider allows. */
const MAX_VALIDITY_MS = 60 * 60 * 1000;

const faceLocked = (reviewId: string) => faceErrors.problem('face_locked', { extensions: { reviewId, attemptsLeft: 0 } });

export interface StartFaceRequest {
  purpose: FacePurpose;
  name?: string;
  idNumber?: string;
  subjectCardId?: string;
  returnUrl?: string;
}

interface Subject {
  idHash: string;
  name: string;
  idNumber: string;
  cardId?: string;
}

/** Whose face: named in the request (claim, family) or the holder of the session's card. */
async function resolveSubject(session: Session, req: StartFaceRequest): Promise<Subject> {
  if (req.purpose === 'claim' || req.purpose === 'family') {
    if (!req.name || !req.idNumber) {
      const errors = [
        ...(!req.name ? [{ field: 'name', message: 'required for this purpose' }] : []),
        ...(!req.idNumber ? [{ field: 'idNumber', message: 'required for this purpose' }] : []),
      ];
      throw httpErrors.problem('invalid_request', { fields: errors.map((e) => e.field).join(', ') }, { errors });
    }
    const person = await checkRealName(req.name, req.idNumber, session);
    return { idHash: person.idHash, name: req.name, idNumber: person.idNumber, cardId: person.cardId };
  }
  // Pension certification may be for a bound relative (their face, on the helper's phone);
  // every other purpose is the holder's own face.
  if (req.subjectCardId && req.purpose !== 'pension') {
    throw httpErrors.problem('invalid_request', { fields: 'subjectCardId' }, { errors: [{ field: 'subjectCardId', message: 'only for purpose pension' }] });
  }
  const { card, person } = await subjectOf(session, req.subjectCardId);
  const cipher = await pii();
  return {
    idHash: card.idHash,
    name: cipher.decrypt('name', person.nameEnc),
    idNumber: cipher.decrypt('idNumber', person.idNumberEnc),
    cardId: card.cardId,
  };
}

const returnUrlRefused = () =>
  faceErrors.problem('return_url_not_allowed', { errors: [{ field: 'returnUrl', message: "not on one of the channel's registered web origins" }] });

/** `raw` as the URL it parses to, if that is on one of `origins`; else 400 return_url_not_allowed. */
function channelReturnUrl(raw: string, origins: readonly string[]): string {
  if (raw.includes('\\')) throw returnUrlRefused();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw returnUrlRefused();
  }
  if (url.username || url.password || !origins.includes(originOf(url.href) ?? '')) throw returnUrlRefused();
  return url.href;
}

function reviewIdFor(idHash: string, purpose: FacePurpose, day: string): string {
  return `rv_${purpose}_${day}_${idHash.slice(0, 16)}`;
}

export async function startFaceVerification(session: Session, req: StartFaceRequest) {
  if (req.idNumber) requireValidIdNumber(req.idNumber);
  const channel = await requireChannel(session.channelId);
  // The provider sends the holder (and the face token) to returnUrl: only to the channel's own
  // pages. What goes on is the URL as parsed here (href), and nothing other parsers could read
  // another host in (a backslash, userinfo).
  const returnUrl = req.returnUrl === undefined ? undefined : channelReturnUrl(req.returnUrl, channel.webOrigins ?? []);
  const subject = await resolveSubject(session, req);
  const at = now();
  const day = chinaDay(at);
  // A verification started and not passed counts, whether or not anyone asked its result.
  await settleUnfinished(subject.idHash, req.purpose, day, at);
  const failures = await getFaceFailures(subject.idHash, req.purpose, day);
  if (failures >= MAX_FACE_FAILURES_PER_DAY) throw faceLocked(reviewIdFor(subject.idHash, req.purpose, day));
  await consumeLimit(LIMITS.faceStartsPerDay, `${subject.idHash}:${req.purpose}`, at);

  const provider = await faceProviderFor(channel);
  const id = newId('fv');
  let started;
  try {
    started = await provider.start({
      outSeqNo: id,
      subject: { name: subject.name, idNumber: subject.idNumber },
      openid: session.openid,
      returnUrl,
    });
  } catch (err) {
    if (err instanceof FaceProviderError) {
      logger.warn('face provider start failed', { provider: provider.name, error: err.message });
      throw faceErrors.problem('face_provider_unavailable', { cause: err });
    }
    throw err;
  }
  const createdAt = now();
  const expiresAt = new Date(Math.min(started.expiresAt.getTime(), createdAt.getTime() + MAX_VALIDITY_MS));
  const cipher = await pii();
  const record: FaceVerificationRecord = {
    id,
    provider: provider.name,
    providerRef: started.providerRef,
    purpose: req.purpose,
    channelId: session.channelId,
    openid: session.openid,
    subjectIdHash: subject.idHash,
    subjectNameEnc: cipher.encrypt('name', subject.name),
    subjectIdNumberEnc: cipher.encrypt('idNumber', subject.idNumber),
    subjectCardId: subject.cardId,
    status: 'pending',
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ttl: ttlFrom('faceVerification', epochSeconds(expiresAt)),
  };
  await putFaceVerification(record);
  logger.info('face verification started', { faceVerificationId: id, provider: provider.name, purpose: req.purpose });
  return {
    id,
    provider: provider.name,
    handoff: started.handoff,
    expiresAt: record.expiresAt,
    attemptsLeft: MAX_FACE_FAILURES_PER_DAY - failures,
  };
}

/**
 * The person's earlier verifications of this purpose today that are still pending: the
 * server asks the provider now. Passed ones stay usable; failed, expired and unfinished ones
 * (started again before finishing) are recorded as failures, as the result call would have.
 */
async function settleUnfinished(idHash: string, purpose: FacePurpose, day: string, at: Date): Promise<void> {
  const pending = (await listFaceVerificationsOfDay(idHash, purpose, day)).filter((r) => r.status === 'pending');
  for (const record of pending) {
    let outcome: FaceOutcome;
    if (record.expiresAt <= at.toISOString()) outcome = { status: 'failed', reason: 'expired' };
    else {
      try {
        outcome = await queryProvider(record);
      } catch (err) {
        // The provider can't say now: the earlier check is given up on all the same.
        logger.warn('face result of an unfinished verification unavailable', { faceVerificationId: record.id, error: (err as Error).name });
        outcome = { status: 'pending' };
      }
    }
    if (outcome.status === 'passed') await markFacePassed(record.id, at.toISOString());
    else await recordFailure(record, outcome.status === 'failed' ? outcome.reason : 'abandoned', day);
  }
}

export interface FaceResult {
  id: string;
  status: 'passed' | 'failed' | 'pending';
  attemptsLeft: number;
  used?: boolean;
  reason?: string;
  reviewId?: string;
}

export async function fetchFaceResult(session: Session, id: string): Promise<FaceResult> {
  const record = await getFaceVerification(id);
  if (!record || record.channelId !== session.channelId || record.openid !== session.openid) {
    throw faceErrors.problem('face_verification_not_found');
  }
  noteAccess(record.subjectIdHash, 'face_check');
  const day = chinaDay(new Date(record.createdAt));
  const attemptsLeft = async () =>
    Math.max(0, MAX_FACE_FAILURES_PER_DAY - (await getFaceFailures(record.subjectIdHash, record.purpose, day)));

  if (record.status !== 'pending') {
    return {
      id,
      status: record.status === 'used' ? 'passed' : record.status,
      attemptsLeft: await attemptsLeft(),
      ...(record.status === 'used' ? { used: true } : {}),
      ...(record.failureReason ? { reason: record.failureReason } : {}),
    };
  }

  let outcome: FaceOutcome;
  if (record.expiresAt <= now().toISOString()) {
    outcome = { status: 'failed', reason: 'expired' };
  } else {
    outcome = await queryProvider(record);
  }

  if (outcome.status === 'pending') return { id, status: 'pending', attemptsLeft: await attemptsLeft() };
  if (outcome.status === 'passed') {
    await markFacePassed(id, now().toISOString());
    logger.info('face verification passed', { faceVerificationId: id });
    return { id, status: 'passed', attemptsLeft: await attemptsLeft() };
  }
  return recordFailure(record, outcome.reason, day);
}

async function queryProvider(record: FaceVerificationRecord): Promise<FaceOutcome> {
  const channel = await requireChannel(record.channelId);
  const provider = await faceProviderFor(channel);
  const cipher = await pii();
  try {
    return await provider.query({
      providerRef: record.providerRef,
      outSeqNo: record.id,
      openid: record.openid,
      subject: {
        name: cipher.decrypt('name', record.subjectNameEnc),
        idNumber: cipher.decrypt('idNumber', record.subjectIdNumberEnc),
      },
    });
  } catch (err) {
    if (err instanceof FaceProviderError) {
      logger.warn('face provider query failed', { provider: provider.name, error: err.message });
      throw faceErrors.problem('face_provider_unavailable', { cause: err });
    }
    throw err;
  }
}

/**
 * Marks the verification failed and counts the failure in one transaction; the third
 * failure of the day also opens the manual review case.
 */
async function recordFailure(record: FaceVerificationRecord, reason: string, day: string): Promise<FaceResult> {
  const before = await getFaceFailures(record.subjectIdHash, record.purpose, day);
  const after = Math.min(before + 1, MAX_FACE_FAILURES_PER_DAY);
  const at = now().toISOString();
  const reviewId = reviewIdFor(record.subjectIdHash, record.purpose, day);
  // Past the limit (other verifications failed meanwhile) the failure is recorded, not counted.
  const counted = before < MAX_FACE_FAILURES_PER_DAY;
  const refusal = await attemptTransact([
    ['verification', markFaceFailedItem(record.id, reason, at)],
    ['failureCount', counted && addFaceFailureItem(record.subjectIdHash, record.purpose, day, ttlFrom('faceFailureCounter', epochSeconds(now())))],
    [
      'review',
      counted &&
        after === MAX_FACE_FAILURES_PER_DAY &&
        openReviewItems({
          id: reviewId,
          kind: 'face_failures',
          purpose: record.purpose,
          subjectIdHash: record.subjectIdHash,
          channelId: record.channelId,
          status: 'open',
          openedAt: at,
        }),
    ],
  ]);
  if (refusal) {
    // Someone else recorded this outcome first (a concurrent result call): report what is stored.
    const current = await getFaceVerification(record.id);
    const left = Math.max(0, MAX_FACE_FAILURES_PER_DAY - (await getFaceFailures(record.subjectIdHash, record.purpose, day)));
    return {
      id: record.id,
      status: current?.status === 'passed' || current?.status === 'used' ? 'passed' : current?.status === 'pending' ? 'pending' : 'failed',
      attemptsLeft: left,
      ...(current?.failureReason ? { reason: current.failureReason } : {}),
    };
  }
  logger.info('face verification failed', { faceVerificationId: record.id, reason, failuresToday: after });
  const attemptsLeft = MAX_FACE_FAILURES_PER_DAY - after;
  return {
    id: record.id,
    status: 'failed',
    attemptsLeft,
    reason,
    ...(attemptsLeft === 0 ? { reviewId } : {}),
  };
}
