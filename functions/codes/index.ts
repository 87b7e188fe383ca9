/** Dynamic codes: issuing them to holders and using them at terminals. */
export { issueFamilyCode, type IssuedCode } from './issue.js';
export { consumeCodeParts, explainConsumeFailure, lookUpCode, underCodeFailureLimit } from './consume.js';
export { type CodeRecord } from './code.store.js';
export { scannedCode } from './codes.schemas.js';
export { type BusinessType, type CodeKind } from './dynamicCode.rules.js';
