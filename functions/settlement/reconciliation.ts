/** Reconciliation (对账): an institution's day, from the ledger, and a check of its own totals. */
import type { InstitutionRecord } from '../institutions/index.js';
import { listInstitutionDay } from './ledger.store.js';
import type { SplitParts } from './settlement.store.js';

const ZERO: SplitParts = { total: 0, pooledFund: 0, personalAccount: 0, familyAccount: 0, cash: 0 };
const FIELDS = ['total', 'pooledFund', 'personalAccount', 'familyAccount', 'cash'] as const;

export async function reconciliation(inst: InstitutionRecord, date: string) {
  const entries = (await listInstitutionDay(inst.id, date)).sort((a, b) => a.at.localeCompare(b.at));
  const totals = { ...ZERO };
  for (const e of entries) for (const f of FIELDS) totals[f] += e.amounts[f];
  return {
    date,
    count: entries.length,
    totals,
    settlements: entries.map((e) => ({
      entry: e.entry,
      kind: e.kind,
      settlementId: e.settlementId,
      institutionOrderId: e.institutionOrderId,
      at: e.at,
      ...e.amounts,
    })),
  };
}

export async function checkReconciliation(
  inst: InstitutionRecord,
  theirs: { date: string; count: number; totals: SplitParts },
) {
  const ours = await reconciliation(inst, theirs.date);
  const differences: { field: string; ours: number; theirs: number }[] = [];
  if (ours.count !== theirs.count) differences.push({ field: 'count', ours: ours.count, theirs: theirs.count });
  for (const f of FIELDS) {
    if (ours.totals[f] !== theirs.totals[f]) differences.push({ field: `totals.${f}`, ours: ours.totals[f], theirs: theirs.totals[f] });
  }
  return { date: theirs.date, matched: differences.length === 0, differences, ours: { count: ours.count, totals: ours.totals } };
}
