/**
 * Face verifications: one person, one purpose, one channel user; expires; used once.
 * The subject's name and ID number are kept encrypted because some providers need them
 * again when we ask for the result (WeChat's cert_hash).
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getRecord, queryIndex } from '../core/table/records.js';
import { chinaDay } from '../core/clock.js';
import type { FaceProviderName } from '../providers/index.js';

/** `guardian`: the helper's own face when they claim an e-card for their child under 16 (family service). */
export const FACE_PURPOSES = ['claim', 'payment', 'pension', 'family', 'unbind', 'unlock', 'login', 'pin_reset', 'loss_report', 'guardian'] as const;
export type FacePurpose = (typeof FACE_PURPOSES)[number];
export type FaceStatus = 'pending' | 'passed' | 'failed' | 'used';

export interface FaceVerificationRecord {
  id: string;
  provider: FaceProviderName;
  providerRef: string;
  purpose: FacePurpose;
  channelId: string;
  openid: string;
  subjectIdHash: string;
  subjectNameEnc: string;
  subjectIdNumberEnc: string;
  /** For purposes about a card (unbind, unlock, pension), the card concerned. */
  subjectCardId?: string;
  status: FaceStatus;
  failureReason?: string;
  createdAt: string;
  expiresAt: string;
  finishedAt?: string;
  usedAt?: string;
  usedFor?: string;
  ttl: number;
}

export const faceVerificationKey = (id: string) => ({ pk: `FACEV#${id}`, sk: 'FACEV' });
const dayIndexKey = (idHash: string, purpose: FacePurpose, day: string) => `FACEDAY#${idHash}#${purpose}#${day}`;

/** The verifications of a person and purpose started on a China day. */
export async function listFaceVerificationsOfDay(idHash: string, purpose: FacePurpose, day: string): Promise<FaceVerificationRecord[]> {
  return queryIndex<FaceVerificationRecord>(dayIndexKey(idHash, purpose, day));
}

export async function getFaceVerification(id: string): Promise<FaceVerificationRecord | undefined> {
  return getRecord<FaceVerificationRecord>(faceVerificationKey(id));
}

export async function putFaceVerification(record: FaceVerificationRecord): Promise<void> {
  await ddb().send(
    new PutCommand(
      newItem(faceVerificationKey(record.id), 'faceVerification', record, {
        // Listed by person, purpose and China day, so an unfinished one is found at the next start.
        gsi1pk: dayIndexKey(record.subjectIdHash, record.purpose, chinaDay(new Date(record.createdAt))),
        gsi1sk: record.createdAt,
      }),
    ),
  );
}

/** Pending → passed, once. False if it was no longer pending. */
export async function markFacePassed(id: string, finishedAt: string): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: faceVerificationKey(id),
        UpdateExpression: 'SET #s = :passed, finishedAt = :at',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':passed': 'passed', ':pending': 'pending', ':at': finishedAt },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** The transaction item that marks the verification failed, if it is still pending. */
export function markFaceFailedItem(id: string, reason: string, finishedAt: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: faceVerificationKey(id),
      UpdateExpression: 'SET #s = :failed, finishedAt = :at, failureReason = :reason',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':pending': 'pending', ':at': finishedAt, ':reason': reason },
    },
  };
}

/**
 * The transaction item that consumes a passed verification: it must still be passed,
 * unexpired, and for this channel user and subject, so a replay or a swap fails.
 */
export function useFaceVerificationItem(
  record: Pick<FaceVerificationRecord, 'id' | 'channelId' | 'openid' | 'subjectIdHash'>,
  now: string,
  usedFor: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: faceVerificationKey(record.id),
      UpdateExpression: 'SET #s = :used, usedAt = :now, usedFor = :usedFor',
      ConditionExpression:
        '#s = :passed AND expiresAt > :now AND channelId = :channel AND openid = :openid AND subjectIdHash = :subject',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':used': 'used',
        ':passed': 'passed',
        ':now': now,
        ':usedFor': usedFor,
        ':channel': record.channelId,
        ':openid': record.openid,
        ':subject': record.subjectIdHash,
      },
    },
  };
}
