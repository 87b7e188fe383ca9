/**
 * Using a passed face verification as the proof of an action (claim, lifting a loss
 * report, unbinding, pension certification, adding a relative, a login): the check before
 * the transaction, and the transaction part that consumes it.
 */
import type { Session } from '../core/session/sessionToken.js';
import type { TransactItem } from '../core/table/item.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceErrors } from './errors.js';
import { checkFaceUse } from './faceCheck.rules.js';
import { getFaceVerification, useFaceVerificationItem, type FacePurpose, type FaceVerificationRecord } from './faceVerification.store.js';

/** The verification, if it passed for this purpose, this channel user and this person; else its refusal (422/404). */
export async function requirePassedFace(
  session: Session,
  faceVerificationId: string,
  purpose: FacePurpose,
  subjectIdHash: string,
  at: Date,
): Promise<FaceVerificationRecord> {
  const face = await getFaceVerification(faceVerificationId);
  const refusal = checkFaceUse(face, { purpose, channelId: session.channelId, openid: session.openid, subjectIdHash }, at);
  if (refusal) throw faceErrors.problem(refusal, { errors: [{ field: 'faceVerificationId', message: refusal }] });
  return face!;
}

/** The transaction part that consumes the verification (refused if it was used meanwhile). */
export function useFace(face: FaceVerificationRecord, at: Date, usedFor: string): TransactItem {
  return useFaceVerificationItem(face, at.toISOString(), usedFor);
}

/** Uses the verification up on its own, before an outcome that must not give it back (a PIN check). */
export async function consumeFace(face: FaceVerificationRecord, at: Date, usedFor: string): Promise<void> {
  const refusal = await attemptTransact([['face', useFace(face, at, usedFor)]]);
  if (refusal) throw faceUsedProblem();
}

/** The answer when the consuming part was refused: someone used the verification first. */
export function faceUsedProblem() {
  return faceErrors.problem('face_verification_used', { errors: [{ field: 'faceVerificationId', message: 'already used' }] });
}
