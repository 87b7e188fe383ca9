/** Pension certification and contribution records; the operator resolves review cases through here. */
export { resolvePensionReview } from './certify.js';

