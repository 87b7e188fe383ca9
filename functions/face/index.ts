/**
 * Face verification: the proof other capabilities consume (a passed check of the right
 * person, purpose and channel user), the daily failure limit and the manual review cases.
 * Routes and the start/result use cases are not exported: only face.routes.ts uses them.
 */
export { requirePassedFace, useFace, faceUsedProblem } from './faceProof.js';
export { faceErrors } from './errors.js';
export { checkFaceUse, type FaceUseRefusal } from './faceCheck.rules.js';
export {
  getFaceVerification,
  useFaceVerificationItem,
  FACE_PURPOSES,
  type FacePurpose,
  type FaceVerificationRecord,
} from './faceVerification.store.js';
export { findOpenReview, getReview, listReviews, resolveReviewItem, type ReviewRecord } from './review.store.js';
