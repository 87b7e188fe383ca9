/**
 * Whether a face verification may be used for an action. Pure: the store's conditional
 * write re-checks the same facts atomically when the verification is consumed.
 */
import type { FacePurpose, FaceVerificationRecord } from './faceVerification.store.js';

export type FaceUseRefusal =
  | 'face_verification_not_found'
  | 'face_verification_wrong_purpose'
  | 'face_verification_not_passed'
  | 'face_verification_failed'
  | 'face_verification_used'
  | 'face_verification_expired'
  | 'face_verification_other_person';

export function checkFaceUse(
  record: FaceVerificationRecord | undefined,
  expected: { purpose: FacePurpose; channelId: string; openid: string; subjectIdHash: string },
  now: Date,
): FaceUseRefusal | undefined {
  // Another channel user's verification is reported as not found: don't reveal it exists.
  if (!record || record.channelId !== expected.channelId || record.openid !== expected.openid) {
    return 'face_verification_not_found';
  }
  if (record.purpose !== expected.purpose) return 'face_verification_wrong_purpose';
  if (record.subjectIdHash !== expected.subjectIdHash) return 'face_verification_other_person';
  if (record.status === 'used') return 'face_verification_used';
  if (record.status === 'failed') return 'face_verification_failed';
  if (record.expiresAt <= now.toISOString()) return 'face_verification_expired';
  if (record.status !== 'passed') return 'face_verification_not_passed';
  return undefined;
}
