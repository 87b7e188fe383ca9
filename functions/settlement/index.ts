/** Medical settlement as other capabilities and tools see it: the policies and the split's types. */
export { policyFor, policiesOf } from './policies.js';
export { policyYearOf, type BillItem, type RegionPolicy } from './policy.rules.js';
export { type SettlementRecord, type SplitParts } from './settlement.store.js';
