/**
 * Family service (亲情服务) as other capabilities see it: acting for a bound relative
 * (`subjectOf`), the binding items a code or a settlement checks, and the sharing rules.
 * Use cases and routes are not exported (they import codes, face and holder; exporting them
 * here would make import cycles).
 */
export { subjectCardOf, subjectOf } from './subject.js';
export { familyErrors } from './errors.js';
export {
  familyCodeCheck,
  familyCodePointer,
  familySharingCheck,
  getFamilyBinding,
  listSharingGrantsFor,
  type FamilyBindingRecord,
  type SharingFlag,
  type SharingGrant,
} from './family.store.js';
export { chooseFamilyPayer, familyAccountPart, type Relationship } from './family.rules.js';
