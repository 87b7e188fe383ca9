/**
 * Medical settlement (医保结算): pre-settle an itemised bill with a holder's code, the
 * holder confirms with the PIN, the terminal settles (idempotent), cancels before
 * settling, or reverses (冲正) a settled one once. Settling and reversing are each one
 * transaction: status, personal-account movement, yearly accumulators, ledger entry,
 * holder transaction, idempotency record.
 */
import { createHash } from 'node:crypto';
import { chinaDay, epochSeconds, now } from '../core/clock.js';
import { TransactionRefused, transactWrite } from '../core/table/ddb.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { BadRequest, Conflict, NotFound, ProblemError, Unprocessable } from '../core/problem.js';
import { postingsForReversal, postingsForSettlement, reversalEntry, settlementEntry } from './ledger.rules.js';
import { policyYearOf, seedPolicyFor, split as splitBill, validateBill, type BillItem, type Split } from './policy.rules.js';
import type { BusinessType } from '../codes/dynamicCode.rules.js';
import type { Session } from '../core/session/sessionToken.js';
import { accountCredit, accountDebit, getAccount } from './account.store.js';
import { getIdempotency, idempotencyPut, type IdempotencyRecord } from './idempotency.store.js';
import type { InstitutionRecord } from '../institutions/institution.store.js';
import { holderTxnPut, ledgerEntryPut, listHolderTransactions } from './ledger.store.js';
import { getPerson } from '../holder/person.store.js';
import { getCard, type CardRecord } from '../holder/card.store.js';
import type { CodeRecord } from '../codes/code.store.js';
import { familySharingCheck, getFamilyBinding, listSharingGrantsFor, type SharingGrant } from '../family/family.store.js';
import { chooseFamilyPayer, familyAccountPart } from '../family/family.rules.js';
import { isUsable } from '../holder/cardStatus.rules.js';
import {
  getSettlement,
  listPendingSettlements,
  orderPut,
  settlementPut,
  settlementTransition,
  type FamilyPayer,
  type SettlementRecord,
  type SplitParts,
} from './settlement.store.js';
import { getYearState, yearStateUndo, yearStateWrite } from './yearState.store.js';
import { consumeCodeItems, explainConsumeFailure, lookUpCode, type FamilyCodeFields } from '../codes/codes.js';
import { holderCard } from '../holder/holderCard.js';
import { subjectCardOf } from '../holder/subject.js';
import { checkCardPin } from '../holder/pinCheck.js';

/** The holder has this long to confirm a pre-settled bill. */
export const CONFIRM_WINDOW_MS = 10 * 60_000;
const IDEMPOTENCY_TTL_S = 7 * 86_400;
/** Optimistic retries when the account or the year moved under a settle. */
const SETTLE_ATTEMPTS = 12;

export class SettlementRefused extends ProblemError {
  override name = 'SettlementRefused';
}

const parts = (s: Omit<SplitParts, 'familyAccount'> & { familyAccount?: number }): SplitParts => ({
  total: s.total,
  pooledFund: s.pooledFund,
  personalAccount: s.personalAccount,
  familyAccount: s.familyAccount ?? 0,
  cash: s.cash,
});

/** The policy's split with `familyAccount` taken out of its cash part. */
const withFamilyPart = (split: Split, familyAccount: number): SplitParts => ({
  ...parts(split),
  familyAccount,
  cash: split.cash - familyAccount,
});

export function terminalView(s: SettlementRecord) {
  return {
    id: s.id,
    status: s.status,
    institutionOrderId: s.institutionOrderId,
    split: parts(s.split),
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
  };
}

async function computeSplit(s: Pick<SettlementRecord, 'idHash' | 'regionCode' | 'retiree' | 'institutionLevel' | 'items'>, year: number) {
  const policy = seedPolicyFor(s.regionCode, year);
  if (!policy) throw new Unprocessable('no_policy', '该参保地暂无医保结算政策。');
  const [account, state] = await Promise.all([getAccount(s.idHash), getYearState(s.idHash, year)]);
  const result = splitBill({ items: s.items }, policy, state, account?.balance ?? 0, s.institutionLevel, { retiree: s.retiree });
  if (!result.ok) throw new BadRequest('invalid_bill', 'The bill is invalid.', result.errors);
  return { split: result.split, state };
}

export interface PreSettleRequest {
  code: string;
  institutionOrderId: string;
  items: BillItem[];
}

export async function preSettle(inst: InstitutionRecord, req: PreSettleRequest) {
  const bill = validateBill({ items: req.items });
  if (!bill.ok) throw new BadRequest('invalid_bill', `Invalid bill: ${bill.errors.map((e) => e.field).join(', ')}.`, bill.errors);
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
    breakdown: split.breakdown,
    policyYear: year,
    status: 'awaiting_confirmation',
    createdAt: at.toISOString(),
    confirmBy: new Date(at.getTime() + CONFIRM_WINDOW_MS).toISOString(),
  };
  const consume = consumeCodeItems(record, at, `settlement:${settlement.id}`);
  const items = [...consume, settlementPut(settlement), orderPut(inst.id, req.institutionOrderId, settlement.id)];
  try {
    await transactWrite(items);
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    if (err.failedAt(consume.length + 1)) {
      throw new Conflict('duplicate_order', '该机构订单号已结算过。', { institutionOrderId: req.institutionOrderId });
    }
    throw await explainConsumeFailure(record, at);
  }
  logger.info('settlement pre-settled', { settlementId: settlement.id, institutionId: inst.id, total: split.total });
  return terminalView(settlement);
}

/** A code a family helper issued for the relative: the helper confirms, and sees the relationship. */
function familyPresenter(record: CodeRecord & FamilyCodeFields): SettlementRecord['presentedByFamily'] {
  if (!record.issuedByCardId) return undefined;
  return { helperCardId: record.issuedByCardId, relationship: record.relationship ?? 'other' };
}

/**
 * Family sharing (家庭共济): which relative's account pays part of `cash`, and how much,
 * from the grants in effect and the accounts' balances now.
 */
async function familyPartFor(grants: SharingGrant[], cash: number): Promise<{ payer: FamilyPayer; amount: number } | undefined> {
  if (cash <= 0 || grants.length === 0) return undefined;
  const candidates = await Promise.all(
    grants.map(async (g) => {
      const card = await getCard(g.payerCardId);
      const account = card ? await getAccount(card.idHash) : undefined;
      return { ...g, card, balance: card && isUsable(card, now()) ? (account?.balance ?? 0) : 0 };
    }),
  );
  const chosen = chooseFamilyPayer(candidates, cash);
  if (!chosen || !chosen.payer.card) return undefined;
  const { payer } = chosen;
  return {
    payer: {
      cardId: payer.payerCardId,
      idHash: payer.card!.idHash,
      maskedName: payer.card!.maskedName,
      helperCardId: payer.helperCardId,
      relativeCardId: payer.relativeCardId,
      flag: payer.flag,
    },
    amount: chosen.amount,
  };
}

/** At settling: the family part again, if the payer still allows it, with its balance now. */
async function currentFamilyPart(s: SettlementRecord, cash: number): Promise<number> {
  const payer = s.familyPayer;
  if (!payer || cash <= 0) return 0;
  const [binding, account] = await Promise.all([getFamilyBinding(payer.helperCardId, payer.relativeCardId), getAccount(payer.idHash)]);
  if (binding?.[payer.flag] !== true) return 0;
  return familyAccountPart(cash, account?.balance ?? 0);
}

function requestHash(operation: string, settlementId: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([operation, settlementId, body ?? null])).digest('hex');
}

/** A retry with the same key gets the first answer; the same key on another request is refused. */
async function replay(inst: InstitutionRecord, key: string, hash: string): Promise<SettlementRecord | undefined> {
  const prior = await getIdempotency(inst.id, key);
  if (!prior) return undefined;
  if (prior.requestHash !== hash) {
    throw new Unprocessable('idempotency_key_reused', 'This Idempotency-Key was used for a different request.', [
      { field: 'Idempotency-Key', message: 'already used for a different request' },
    ]);
  }
  return getSettlement(prior.settlementId);
}

async function requireOwnSettlement(inst: InstitutionRecord, id: string): Promise<SettlementRecord> {
  const s = await getSettlement(id);
  if (!s || s.institutionId !== inst.id) throw new NotFound('settlement_not_found', 'No such settlement.');
  return s;
}

function statusConflict(s: SettlementRecord, wanted: string): ProblemError {
  const detail: Record<string, [string, string]> = {
    awaiting_confirmation: ['not_confirmed', '参保人尚未确认支付。'],
    confirmed: ['not_settled', '该结算尚未完成。'],
    settled: ['already_settled', '该结算已完成。'],
    cancelled: ['settlement_cancelled', '该结算已撤销。'],
    reversed: ['settlement_reversed', '该结算已冲正。'],
  };
  const [code, text] = detail[s.status]!;
  return new Conflict(code, `${text}（无法${wanted}）`, { status: s.status });
}

export async function settle(inst: InstitutionRecord, id: string, key: string, body: unknown) {
  const hash = requestHash('settle', id, body);
  // The idempotency record is read only when this can't be a first attempt: the settlement
  // is past `confirmed`, or the transaction (whose idempotency Put is conditional) failed.
  for (let attempt = 1; ; attempt++) {
    const s = await requireOwnSettlement(inst, id);
    if (s.status !== 'confirmed') {
      const prior = await replay(inst, key, hash);
      if (prior) return terminalView(prior);
      throw statusConflict(s, '结算');
    }
    const at = now();
    const { split, state } = await computeSplit(s, s.policyYear);
    const amounts = withFamilyPart(split, await currentFamilyPart(s, split.cash));
    const entry = settlementEntry(s.id);
    const idem: IdempotencyRecord = {
      institutionId: inst.id,
      key,
      operation: 'settle',
      settlementId: s.id,
      requestHash: hash,
      createdAt: at.toISOString(),
      ttl: epochSeconds(at) + IDEMPOTENCY_TTL_S,
    };
    const items = settleItems(s, split, amounts, state.ver, entry, at, idem);
    try {
      await transactWrite(items.list);
      logger.info('settled', { settlementId: s.id, institutionId: inst.id, attempt });
      return terminalView({ ...s, status: 'settled', split: amounts, breakdown: split.breakdown, settledAt: at.toISOString() });
    } catch (err) {
      if (!(err instanceof TransactionRefused)) throw err;
      // Someone settled it first: if it was this same request (a concurrent retry), answer as it did.
      const again = await replay(inst, key, hash);
      if (again) return terminalView(again);
      if (err.failedAt(items.index.settlement)) {
        const current = await requireOwnSettlement(inst, id);
        throw statusConflict(current, '结算');
      }
      // The balance or the year moved since we read them: compute the split again.
      if (attempt >= SETTLE_ATTEMPTS) throw new Conflict('concurrent_update', '账户正忙，请稍后用同一 Idempotency-Key 重试。');
    }
  }
}

function ledgerAccounts(s: SettlementRecord) {
  return {
    personIdHash: s.idHash,
    regionCode: s.regionCode,
    institutionId: s.institutionId,
    ...(s.familyPayer ? { familyPayerIdHash: s.familyPayer.idHash } : {}),
  };
}

function settleItems(
  s: SettlementRecord,
  split: Split,
  amounts: SplitParts,
  stateVer: number,
  entry: string,
  at: Date,
  idem: IdempotencyRecord,
) {
  const iso = at.toISOString();
  const list: object[] = [
    settlementTransition(s.id, ['confirmed'], 'settled', {
      settledAt: iso,
      split: amounts,
      breakdown: split.breakdown,
    }),
    ledgerEntryPut({
      entry,
      kind: 'settlement',
      settlementId: s.id,
      institutionId: s.institutionId,
      institutionOrderId: s.institutionOrderId,
      day: chinaDay(at),
      at: iso,
      amounts,
      postings: postingsForSettlement(s.id, amounts, ledgerAccounts(s)),
    }),
    holderTxnPut(s.idHash, {
      entry,
      kind: 'settlement',
      settlementId: s.id,
      institutionName: s.institutionName,
      at: iso,
      personalAccountChange: -amounts.personalAccount,
      amounts,
    }),
    idempotencyPut(idem),
  ];
  if (amounts.personalAccount > 0) list.push(accountDebit(s.idHash, amounts.personalAccount, iso));
  // The split depends on the year (deductible, cap) only through eligible items; a bill of
  // self-paid items neither reads nor changes it, so it need not contend for it.
  if (split.breakdown.eligible > 0) list.push(yearStateWrite(s.idHash, s.policyYear, stateVer, split.nextState));
  const payer = s.familyPayer;
  if (payer && amounts.familyAccount > 0) {
    list.push(
      familySharingCheck(payer.helperCardId, payer.relativeCardId, payer.flag),
      accountDebit(payer.idHash, amounts.familyAccount, iso),
      holderTxnPut(payer.idHash, {
        entry,
        kind: 'settlement',
        settlementId: s.id,
        institutionName: s.institutionName,
        at: iso,
        personalAccountChange: -amounts.familyAccount,
        amounts,
        paidForRelative: { maskedName: s.maskedName },
      }),
    );
  }
  return { list, index: { settlement: 0 } };
}

export async function reverse(inst: InstitutionRecord, id: string, key: string, body: unknown) {
  const hash = requestHash('reversal', id, body);
  const replayed = await replay(inst, key, hash);
  if (replayed) return terminalView(replayed);
  const s = await requireOwnSettlement(inst, id);
  if (s.status !== 'settled') throw statusConflict(s, '冲正');
  const at = now();
  const iso = at.toISOString();
  const split = parts(s.split);
  const original = postingsForSettlement(s.id, split, ledgerAccounts(s));
  const negated: SplitParts = {
    total: -split.total,
    pooledFund: -split.pooledFund,
    personalAccount: -split.personalAccount,
    familyAccount: -split.familyAccount,
    cash: -split.cash,
  };
  const entry = reversalEntry(s.id);
  const list: object[] = [
    settlementTransition(s.id, ['settled'], 'reversed', { reversedAt: iso }),
    yearStateUndo(s.idHash, s.policyYear, s.split.pooledFund, s.breakdown.deductibleApplied),
    ledgerEntryPut({
      entry,
      kind: 'reversal',
      settlementId: s.id,
      institutionId: s.institutionId,
      institutionOrderId: s.institutionOrderId,
      day: chinaDay(at),
      at: iso,
      amounts: negated,
      postings: postingsForReversal(original),
    }),
    holderTxnPut(s.idHash, {
      entry,
      kind: 'reversal',
      settlementId: s.id,
      institutionName: s.institutionName,
      at: iso,
      personalAccountChange: s.split.personalAccount,
      amounts: negated,
    }),
    idempotencyPut({
      institutionId: inst.id,
      key,
      operation: 'reversal',
      settlementId: s.id,
      requestHash: hash,
      createdAt: iso,
      ttl: epochSeconds(at) + IDEMPOTENCY_TTL_S,
    }),
  ];
  if (s.split.personalAccount > 0) list.push(accountCredit(s.idHash, s.split.personalAccount, iso));
  if (s.familyPayer && split.familyAccount > 0) {
    list.push(
      accountCredit(s.familyPayer.idHash, split.familyAccount, iso),
      holderTxnPut(s.familyPayer.idHash, {
        entry,
        kind: 'reversal',
        settlementId: s.id,
        institutionName: s.institutionName,
        at: iso,
        personalAccountChange: split.familyAccount,
        amounts: negated,
        paidForRelative: { maskedName: s.maskedName },
      }),
    );
  }
  try {
    await transactWrite(list);
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    const again = await replay(inst, key, hash);
    if (again) return terminalView(again);
    throw statusConflict(await requireOwnSettlement(inst, id), '冲正');
  }
  logger.info('settlement reversed', { settlementId: s.id, institutionId: inst.id });
  return terminalView({ ...s, status: 'reversed', reversedAt: iso });
}

/** What a terminal polls after pre-settling, to see when the holder has confirmed. */
export async function settlementForTerminal(inst: InstitutionRecord, id: string) {
  return terminalView(await requireOwnSettlement(inst, id));
}

export async function cancel(inst: InstitutionRecord, id: string) {
  const s = await requireOwnSettlement(inst, id);
  if (s.status !== 'awaiting_confirmation' && s.status !== 'confirmed') throw statusConflict(s, '撤销');
  const at = now().toISOString();
  try {
    await transactWrite([settlementTransition(s.id, ['awaiting_confirmation', 'confirmed'], 'cancelled', { cancelledAt: at })]);
  } catch (err) {
    if (err instanceof TransactionRefused) throw statusConflict(await requireOwnSettlement(inst, id), '撤销');
    throw err;
  }
  logger.info('settlement cancelled', { settlementId: s.id, institutionId: inst.id });
  return terminalView({ ...s, status: 'cancelled', cancelledAt: at });
}

// --- the holder's side ---------------------------------------------------------------

export async function pendingForHolder(session: Session) {
  const { card } = await holderCard(session);
  const at = now().toISOString();
  const pending = await listPendingSettlements(card.cardId);
  return pending.filter((s) => s.confirmBy > at).map(holderView);
}

/**
 * A settlement this holder may see: as the patient, as the family helper who showed the
 * code (and confirms it), or as the relative whose account paid a part.
 */
async function holderSettlement(session: Session, id: string): Promise<{ s: SettlementRecord; card: CardRecord }> {
  const { card } = await holderCard(session);
  const s = await getSettlement(id);
  const involved = s && [s.cardId, s.confirmerCardId, s.familyPayer?.cardId].includes(card.cardId);
  if (!s || !involved) throw new NotFound('settlement_not_found', '未找到该结算。');
  return { s, card };
}

export async function settlementForHolder(session: Session, id: string) {
  return holderView((await holderSettlement(session, id)).s);
}

/** The holder's security check before paying: the card PIN. */
export async function confirmSettlement(session: Session, id: string, pin: string) {
  const { s, card } = await holderSettlement(session, id);
  if (s.confirmerCardId !== card.cardId) {
    // A relative's code shown by a family helper: the helper confirms, on their phone.
    throw new SettlementRefused(403, 'confirmer_mismatch', '该笔结算由出示医保码的亲属确认。');
  }
  if (s.status !== 'awaiting_confirmation') throw statusConflict(s, '确认');
  const at = now();
  if (s.confirmBy <= at.toISOString()) {
    throw new SettlementRefused(422, 'confirmation_expired', '确认已超时，请让收银员重新发起结算。');
  }
  await checkCardPin(card, pin);
  try {
    await transactWrite([settlementTransition(s.id, ['awaiting_confirmation'], 'confirmed', { confirmedAt: at.toISOString() })]);
  } catch (err) {
    if (err instanceof TransactionRefused) throw statusConflict((await getSettlement(id))!, '确认');
    throw err;
  }
  logger.info('settlement confirmed', { settlementId: s.id });
  return holderView({ ...s, status: 'confirmed', confirmedAt: at.toISOString() });
}

/** The holder's personal account, or a bound relative's (family service, read only). */
export async function holderAccount(session: Session, subjectCardId?: string) {
  const { card } = await subjectCardOf(session, subjectCardId);
  const account = await getAccount(card.idHash);
  return { balance: account?.balance ?? 0, currency: 'CNY' as const, updatedAt: account?.updatedAt };
}

export async function holderTransactions(session: Session, limit: number, cursor?: string, subjectCardId?: string) {
  const { card } = await subjectCardOf(session, subjectCardId);
  const page = await listHolderTransactions(card.idHash, limit, cursor);
  return { transactions: page.items, ...(page.next ? { nextCursor: page.next } : {}) };
}
