/**
 * Pre-settlement: an itemised bill with a holder's code. One transaction consumes the code
 * and creates the settlement (awaiting the holder's confirmation) and its order id.
 */
import { noteAccess, noteUsage } from '../core/audit/trail.js';
import { consumeCodeParts, explainConsumeFailure, lookUpCode, underCodeFailureLimit, type BusinessType, type CodeRecord } from '../codes/index.js';
import { createHash } from 'node:crypto';
import { now } from '../core/clock.js';
import { ProblemError } from '../core/problem.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import type { InstitutionRecord } from '../institutions/index.js';
import { settlementErrors } from './errors.js';
import { validateBill, type BillItem } from './policy.rules.js';
import { getOrder, getSettlement, orderPut, settlementPut, type SettlementRecord } from './settlement.store.js';
import { familyPresenter, splitNewBill } from './split.js';
import { terminalView, withFamilyPart } from './views.js';
import { holderEventPart } from '../notifications/index.js';

/** The holder has this long to confirm a pre-settled bill. */
export const CONFIRM_WINDOW_MS = 10 * 60_000;

export interface PreSettleRequest {
  code: string;
  institutionOrderId: string;
  items: BillItem[];
}

/**
 * Pre-settles, idempotent on the institution's order id: the same order with the same bill
 * answers what the first did (a lost answer can be asked again); the same order with
 * another bill is 409 naming the settlement it has.
 */
export async function preSettle(inst: InstitutionRecord, req: PreSettleRequest) {
  const bill = validateBill({ items: req.items });
  if (!bill.ok) {
    throw settlementErrors.problem('invalid_bill', { fields: bill.errors.map((e) => e.field).join(', ') }, { errors: bill.errors });
  }
  const billHash = hashOfBill(bill.bill.items);
  // Read alongside the code: a retry answers from the order even though its code is used now.
  const first = answerOfOrder(inst, req.institutionOrderId, billHash);
  first.catch(() => undefined);
  try {
    return await underCodeFailureLimit(inst.id, async () => {
      const record = lookUpCode(req.code, 'payment' satisfies BusinessType, bill.total);
      record.catch(() => undefined);
      const answered = await first;
      if (answered) return answered;
      return createSettlement(inst, req, bill, billHash, await record);
    });
  } catch (err) {
    // A twin request (same order) created it meanwhile: answer as it did.
    if (err instanceof ProblemError && err.code === 'duplicate_order') {
      const twin = await answerOfOrder(inst, req.institutionOrderId, billHash);
      if (twin) return twin;
    }
    throw err;
  }
}

function hashOfBill(items: readonly BillItem[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex');
}

/** The settlement an order id already has: its answer for the same bill, 409 for another. */
async function answerOfOrder(inst: InstitutionRecord, orderId: string, billHash: string) {
  const order = await getOrder(inst.id, orderId);
  if (!order) return undefined;
  if (order.billHash !== billHash) {
    throw settlementErrors.problem('duplicate_order', { extensions: { institutionOrderId: orderId, settlementId: order.settlementId } });
  }
  const existing = await getSettlement(order.settlementId);
  return existing ? terminalView(existing) : undefined;
}

/** GET /v1/terminal/settlements?institutionOrderId=: the settlement of an order id, for a terminal that lost its answer. */
export async function settlementOfOrder(inst: InstitutionRecord, orderId: string) {
  const order = await getOrder(inst.id, orderId);
  const s = order && (await getSettlement(order.settlementId));
  if (!s || s.institutionId !== inst.id) throw settlementErrors.problem('settlement_not_found');
  noteAccess(s.idHash, 'terminal');
  return terminalView(s);
}

async function createSettlement(
  inst: InstitutionRecord,
  req: PreSettleRequest,
  bill: Extract<ReturnType<typeof validateBill>, { ok: true }>,
  billHash: string,
  record: CodeRecord,
) {
  noteUsage({ businessType: 'payment', channelId: record.channelId, ...(record.issuedByCardId ? { shownByFamily: true } : {}) });
  const at = now();
  const { base, year, split, outOfArea, family } = await splitNewBill(record, inst, bill.bill.items, at);
  const presentedByFamily = familyPresenter(record);
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
    ...(outOfArea ? { outOfArea } : {}),
    policyYear: year,
    status: 'awaiting_confirmation',
    createdAt: at.toISOString(),
    confirmBy: new Date(at.getTime() + CONFIRM_WINDOW_MS).toISOString(),
  };
  const refusal = await attemptTransact([
    ...consumeCodeParts(record, at, `settlement:${settlement.id}`),
    ['settlement', settlementPut(settlement)],
    ['order', orderPut(inst.id, req.institutionOrderId, { settlementId: settlement.id, billHash })],
    ['notice', holderEventPart('settlement_awaiting_confirmation', settlement.confirmerCardId, at, { amount: settlement.split.total, institutionName: settlement.institutionName, settlementId: settlement.id })],
  ]);
  if (refusal?.refused('order')) {
    throw settlementErrors.problem('duplicate_order', { extensions: { institutionOrderId: req.institutionOrderId } });
  }
  if (refusal) throw await explainConsumeFailure(record, at);
  logger.info('settlement pre-settled', { settlementId: settlement.id, institutionId: inst.id, total: split.total });
  return terminalView(settlement);
}
