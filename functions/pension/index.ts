/** Pension certification and contribution records; the operator resolves review cases through here. */
export { resolvePensionReview } from './certify.js';
// Proofs (参保证明 / 缴费证明) read the contribution record and a retiree's certification.
export {
  contributionOf,
  insurancesIn,
  INSURANCE_TYPES,
  retirementMonth,
  type ContributionRecord,
  type ContributorProfile,
  type InsuranceType,
} from './contributions.rules.js';
export { getPensionCertification } from './pension.store.js';
