/** A settlement as a terminal sees it and as a holder sees it. */
import type { Split } from './policy.rules.js';
import type { SettlementRecord, SplitParts } from './settlement.store.js';

export const parts = (s: Omit<SplitParts, 'familyAccount'> & { familyAccount?: number }): SplitParts => ({
  total: s.total,
  pooledFund: s.pooledFund,
  personalAccount: s.personalAccount,
  familyAccount: s.familyAccount ?? 0,
  cash: s.cash,
});

/** The policy's split with `familyAccount` taken out of its cash part. */
export const withFamilyPart = (split: Split, familyAccount: number): SplitParts => ({
  ...parts(split),
  familyAccount,
  cash: split.cash - familyAccount,
});

/** Whether two splits charge the same amounts to the same parts. */
export function sameSplit(a: SplitParts, b: SplitParts): boolean {
  const x = parts(a);
  const y = parts(b);
  return x.total === y.total && x.pooledFund === y.pooledFund && x.personalAccount === y.personalAccount && x.familyAccount === y.familyAccount && x.cash === y.cash;
}

export function terminalView(s: SettlementRecord) {
  return {
    id: s.id,
    status: s.status,
    institutionOrderId: s.institutionOrderId,
    split: { ...parts(s.split), ...(s.outOfArea ? { outOfArea: s.outOfArea } : {}) },
    ...(s.settledAt ? { settledAt: s.settledAt } : {}),
    ...(s.reversedAt ? { reversedAt: s.reversedAt } : {}),
    ...(s.cancelledAt ? { cancelledAt: s.cancelledAt } : {}),
  };
}

export function holderView(s: SettlementRecord) {
  return {
    ...terminalView(s),
    ...(s.presentedByFamily
      ? { presentedBy: 'family' as const, patient: { maskedName: s.maskedName, relationship: s.presentedByFamily.relationship } }
      : {}),
    ...(s.familyPayer && s.split.familyAccount > 0 ? { familyAccountPayer: { maskedName: s.familyPayer.maskedName } } : {}),
    institution: { id: s.institutionId, name: s.institutionName },
    items: s.items,
    breakdown: s.breakdown,
    createdAt: s.createdAt,
    confirmBy: s.confirmBy,
    /** What a confirmation agrees to: send it back with the PIN. */
    splitVersion: s.splitVersion ?? 1,
  };
}
