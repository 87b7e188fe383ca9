/**
 * Settling a confirmed settlement (idempotent on the Idempotency-Key): one transaction
 * moves the status, debits the personal account (and a family member's, 家庭共济), advances
 * the insurance year, writes the balanced ledger entry and the holders' transactions, and
 * records the idempotency key — all or nothing.
 */
import { ttlFrom } from '../core/retention.js';
import { chinaDay, epochSeconds, now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { familySharingCheck } from '../family/index.js';
import { holderErrors } from '../holder/index.js';
import { patientRefOf, type InstitutionRecord } from '../institutions/index.js';
import { institutionOutboxPut } from '../webhooks/index.js';
import { accountDebit } from './account.store.js';
import { idempotencyPut, type IdempotencyRecord } from './idempotency.store.js';
import { postingsForSettlement, settlementEntry } from './ledger.rules.js';
import { holderTxnPut, ledgerEntryPut } from './ledger.store.js';
import type { Split } from './policy.rules.js';
import { getSettlement, settlementRepend, settlementTransition, type SettlementRecord, type SplitParts } from './settlement.store.js';
import { computeSplit, currentFamilyPart } from './split.js';
import { CONFIRM_WINDOW_MS } from './preSettle.js';
import { replay, requestHash, requireOwnSettlement, splitChanged, statusConflict } from './terminalSettlement.js';
import { sameSplit, terminalView, withFamilyPart } from './views.js';
import { yearStateWrite } from './yearState.store.js';
import { holderEventPart } from '../notifications/index.js';

/** Optimistic retries when the account or the year moved under a settle. */
const SETTLE_ATTEMPTS = 12;

export function ledgerAccounts(s: SettlementRecord) {
  return {
    personIdHash: s.idHash,
    regionCode: s.regionCode,
    institutionId: s.institutionId,
    ...(s.familyPayer ? { familyPayerIdHash: s.familyPayer.idHash } : {}),
  };
}

export async function settle(inst: InstitutionRecord, id: string, key: string, body: unknown) {
  const hash = requestHash('settle', id, body);
  let patientRef: string | undefined;
  // The idempotency record is read only when this can't be a first attempt: the settlement
  // is past `confirmed`, or the transaction (whose idempotency Put is conditional) failed.
  for (let attempt = 1; ; attempt++) {
    const s = await requireOwnSettlement(inst, id);
    if (s.status !== 'confirmed') {
      // Read after the settlement: a twin request that settled it has its record committed.
      const prior = await replay(inst, key, hash);
      if (prior) return terminalView(prior);
      throw statusConflict(s, '结算');
    }
    const at = now();
    const { split, state } = await computeSplit(s, s.policyYear);
    const amounts = withFamilyPart(split, await currentFamilyPart(s, split.cash));
    // Consent is binding: exactly the confirmed split, or back to the holder with the new one.
    if (!sameSplit(amounts, s.split)) return repend(s, amounts, split, at);
    const idem: IdempotencyRecord = {
      institutionId: inst.id,
      key,
      operation: 'settle',
      settlementId: s.id,
      requestHash: hash,
      createdAt: at.toISOString(),
      ttl: ttlFrom('idempotencyRecord', epochSeconds(at)),
    };
    patientRef ??= await patientRefOf(inst.id, s.cardId);
    const refusal = await attemptTransact(settleParts(s, split, amounts, state.ver, at, idem, patientRef));
    if (!refusal) {
      logger.info('settled', { settlementId: s.id, institutionId: inst.id, attempt });
      return terminalView({ ...s, status: 'settled', split: amounts, breakdown: split.breakdown, settledAt: at.toISOString() });
    }
    // Someone settled it first: if it was this same request (a concurrent retry), answer as it
    // did. The next round reads the settlement, then the key: a twin that committed is seen.
    // The balance, the year or the family grant moved since we read them: compute the split again.
    if (attempt >= SETTLE_ATTEMPTS) throw holderErrors.problem('concurrent_update');
    if (!refusal.refused('settlement')) await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
  }
}

/** The confirmed split can no longer be paid: the bill goes back to the holder with the new one. */
async function repend(s: SettlementRecord, amounts: SplitParts, split: Split, at: Date): Promise<never> {
  const confirmBy = new Date(at.getTime() + CONFIRM_WINDOW_MS).toISOString();
  const refusal = await attemptTransact([['settlement', settlementRepend(s, amounts, split.breakdown, confirmBy)]]);
  // Someone else moved it first (a concurrent settle put it back, or cancelled it).
  const current = refusal ? (await getSettlement(s.id))! : { ...s, split: amounts, splitVersion: (s.splitVersion ?? 1) + 1 };
  if (refusal && current.status !== 'awaiting_confirmation') throw statusConflict(current, '结算');
  logger.info('settlement split changed', { settlementId: s.id, splitVersion: current.splitVersion });
  throw splitChanged(current);
}

function settleParts(s: SettlementRecord, split: Split, amounts: SplitParts, stateVer: number, at: Date, idem: IdempotencyRecord, patientRef: string) {
  const iso = at.toISOString();
  const entry = settlementEntry(s.id);
  const payer = s.familyPayer;
  const familyPays = payer !== undefined && amounts.familyAccount > 0;
  return [
    // Still confirmed, and still the split the holder confirmed.
    ['settlement', settlementTransition(s.id, ['confirmed'], 'settled', { settledAt: iso, split: amounts, breakdown: split.breakdown }, s.splitVersion ?? 1)],
    [
      'ledgerEntry',
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
    ],
    [
      'holderTransaction',
      holderTxnPut(s.idHash, {
        entry,
        kind: 'settlement',
        settlementId: s.id,
        institutionName: s.institutionName,
        at: iso,
        personalAccountChange: -amounts.personalAccount,
        amounts,
      }),
    ],
    ['idempotency', idempotencyPut(idem)],
    ['notice', holderEventPart('payment_done', s.cardId, at, { amount: amounts.total, institutionName: s.institutionName, settlementId: s.id })],
    // The institution's settlement.settled webhook (its own ids and the pairwise patientRef).
    [
      'event',
      institutionOutboxPut({
        eventType: 'settlement.settled',
        institutionId: s.institutionId,
        at: iso,
        data: { settlementId: s.id, institutionOrderId: s.institutionOrderId, patientRef, status: 'settled', split: amounts },
      }),
    ],
    ['account', amounts.personalAccount > 0 && accountDebit(s.idHash, amounts.personalAccount, iso)],
    // The split depends on the year (deductible, cap) only through eligible items; a bill of
    // self-paid items neither reads nor changes it, so it need not contend for it.
    ['year', split.breakdown.eligible > 0 && yearStateWrite(s.idHash, s.policyYear, stateVer, split.nextState)],
    ['familyGrant', familyPays && familySharingCheck(payer.helperCardId, payer.relativeCardId, payer.flag)],
    ['familyAccount', familyPays && accountDebit(payer.idHash, amounts.familyAccount, iso)],
    [
      'familyTransaction',
      familyPays &&
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
    ],
  ] as const;
}
