/**
 * Face verification: the proof other capabilities consume (a passed check of the right
 * person, purpose and channel user), the daily failure limit and the manual review cases.
 * Routes and the start/result use cases are not exported: only faceRoutes.ts uses them.
 */
export { consumeFace, requirePassedFace, useFace, faceUsedProblem } from './faceProof.js';
export { faceErrors } from './errors.js';
export { findOpenReview, getReview, resolveReviewItem, type ReviewRecord } from './review.store.js';
