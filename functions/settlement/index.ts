/**
 * Medical settlement as other capabilities see it: the policy engine's split, the accounts,
 * the year's accumulators and the ledger, for a bill the holder pays in the app (bills/).
 */
export { computeSplit, currentFamilyPart, familyPartFor, splitNewBill, type OutOfArea } from './split.js';
export { parts, sameSplit, withFamilyPart } from './views.js';
export { accountCredit, accountDebit } from './account.store.js';
export { yearStateUndo, yearStateWrite } from './yearState.store.js';
export { holderTxnPut, ledgerEntryPut, type HolderTransaction, type LedgerEntryRecord } from './ledger.store.js';
export { postingsForRefund, postingsForSettlement, refundEntry, settlementEntry, type SettlementAccounts } from './ledger.rules.js';
export { policyYearOf, validateBill, type BillItem, type SplitBreakdown } from './policy.rules.js';
export { settlementErrors } from './errors.js';
export { billItems, institutionOrderId } from './billItems.schemas.js';
export { outOfAreaAnswer, splitPartsAnswer } from './answerParts.schemas.js';
export { type FamilyPayer, type SplitParts } from './settlement.store.js';
