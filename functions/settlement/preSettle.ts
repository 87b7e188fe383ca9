/**
 * Pre-settlement: an itemised bill with a holder's code. One transaction consumes the code
 * and creates the settlement (awaiting the holder's confirmation) and its order id.
 */
import { consumeCodeParts, explainConsumeFailure, lookUpCode, underCodeFailureLimit, type BusinessType } from '../codes/index.js';
import { now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { listSharingGrantsFor } from '../family/index.js';
import { getPerson } from '../holder/index.js';
import type { InstitutionRecord } from '../institutions/index.js';
import { settlementErrors } from './errors.js';
import { policyYearOf, validateBill, type BillItem } from './policy.rules.js';
import { orderPut, settlementPut, type SettlementRecord } from './settlement.store.js';
import { computeSplit, familyPartFor, familyPresenter } from './split.js';
import { terminalView, withFamilyPart } from './views.js';

/** The holder has this long to confirm a pre-settled bill. */
export const CONFIRM_WINDOW_MS = 10 * 60_000;

export interface PreSettleRequest {
  code: string;
  institutionOrderId: string;
  items: BillItem[];
}

export function preSettle(inst: InstitutionRecord, req: PreSettleRequest) {
  return underCodeFailureLimit(inst.id, () => createSettlement(inst, req));
}

async function createSettlement(inst: InstitutionRecord, req: PreSettleRequest) {
  const bill = validateBill({ items: req.items });
  if (!bill.ok) {
    throw settlementErrors.problem('invalid_bill', { fields: bill.errors.map((e) => e.field).join(', ') }, { errors: bill.errors });
  }
  const record = await lookUpCode(req.code, 'payment' satisfies BusinessType, bill.total);
  const person = await getPerson(record.idHash);
  const at = now();
  const year = policyYearOf(at);
  const base = {
    idHash: record.idHash,
    regionCode: record.regionCode,
    retiree: person?.personType === 'retiree',
    institutionLevel: inst.level,
    items: [...bill.bill.items],
  };
  // The family-sharing grants are read alongside the split (most bills have none; then no more reads).
  const [{ split }, grants] = await Promise.all([computeSplit(base, year), listSharingGrantsFor(record.cardId)]);
  const presentedByFamily = familyPresenter(record);
  const family = await familyPartFor(grants, split.cash);
  const settlement: SettlementRecord = {
    id: newId('st'),
    institutionId: inst.id,
    institutionName: inst.name,
    institutionOrderId: req.institutionOrderId,
    cardId: record.cardId,
    maskedName: record.maskedName,
    confirmerCardId: presentedByFamily?.helperCardId ?? record.cardId,
    ...(presentedByFamily ? { presentedByFamily } : {}),
    ...(family ? { familyPayer: family.payer } : {}),
    codeKind: record.kind,
    ...base,
    split: withFamilyPart(split, family?.amount ?? 0),
    splitVersion: 1,
    breakdown: split.breakdown,
    policyYear: year,
    status: 'awaiting_confirmation',
    createdAt: at.toISOString(),
    confirmBy: new Date(at.getTime() + CONFIRM_WINDOW_MS).toISOString(),
  };
  const refusal = await attemptTransact([
    ...consumeCodeParts(record, at, `settlement:${settlement.id}`),
    ['settlement', settlementPut(settlement)],
    ['order', orderPut(inst.id, req.institutionOrderId, settlement.id)],
  ]);
  if (refusal?.refused('order')) {
    throw settlementErrors.problem('duplicate_order', { extensions: { institutionOrderId: req.institutionOrderId } });
  }
  if (refusal) throw await explainConsumeFailure(record, at);
  logger.info('settlement pre-settled', { settlementId: settlement.id, institutionId: inst.id, total: split.total });
  return terminalView(settlement);
}
