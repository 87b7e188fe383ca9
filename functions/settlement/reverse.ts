/**
 * Reversing (冲正) a settled settlement, once (idempotent on the Idempotency-Key): one
 * transaction with the opposite ledger entry, the accounts credited back and the year undone.
 */
import { chinaDay, epochSeconds, now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { ttlFrom } from '../core/retention.js';
import { attemptTransact } from '../core/table/transaction.js';
import { holderErrors } from '../holder/index.js';
import type { InstitutionRecord } from '../institutions/index.js';
import { accountCredit } from './account.store.js';
import { idempotencyPut } from './idempotency.store.js';
import { postingsForReversal, postingsForSettlement, reversalEntry } from './ledger.rules.js';
import { holderTxnPut, ledgerEntryPut } from './ledger.store.js';
import { ledgerAccounts } from './settle.js';
import { settlementTransition, type SettlementRecord, type SplitParts } from './settlement.store.js';
import { replay, requestHash, requireOwnSettlement, statusConflict } from './terminalSettlement.js';
import { parts, terminalView } from './views.js';
import { yearStateUndo } from './yearState.store.js';

/** Attempts before a refused reversal gives up waiting for a concurrent one to commit. */
const REVERSE_ATTEMPTS = 6;

export async function reverse(inst: InstitutionRecord, id: string, key: string, body: unknown) {
  const hash = requestHash('reversal', id, body);
  for (let attempt = 1; ; attempt++) {
    // The settlement first, then the key: a twin request that reversed it meanwhile has
    // committed its idempotency record with the status, so the later read sees it.
    const s = await requireOwnSettlement(inst, id);
    const replayed = await replay(inst, key, hash);
    if (replayed) return terminalView(replayed);
    if (s.status !== 'settled') throw statusConflict(s, '冲正');
    const at = now();
    const refusal = await attemptTransact(reverseParts(s, inst, key, hash, at));
    if (!refusal) {
      logger.info('settlement reversed', { settlementId: s.id, institutionId: inst.id, attempt });
      // The time written, so that this answer and any replay of it are the same.
      return terminalView({ ...s, status: 'reversed', reversedAt: at.toISOString() });
    }
    // Refused: someone moved it (the next round answers from what is stored), or a twin is
    // still committing (the transaction conflicted): try again after a jittered pause.
    if (attempt >= REVERSE_ATTEMPTS) throw holderErrors.problem('concurrent_update');
    await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
  }
}

function reverseParts(s: SettlementRecord, inst: InstitutionRecord, key: string, hash: string, at: Date) {
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
  const payer = s.familyPayer;
  const familyPaid = payer !== undefined && split.familyAccount > 0;
  return [
    ['settlement', settlementTransition(s.id, ['settled'], 'reversed', { reversedAt: iso })],
    ['year', yearStateUndo(s.idHash, s.policyYear, s.split.pooledFund, s.breakdown.deductibleApplied)],
    [
      'ledgerEntry',
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
    ],
    [
      'holderTransaction',
      holderTxnPut(s.idHash, {
        entry,
        kind: 'reversal',
        settlementId: s.id,
        institutionName: s.institutionName,
        at: iso,
        personalAccountChange: s.split.personalAccount,
        amounts: negated,
      }),
    ],
    [
      'idempotency',
      idempotencyPut({
        institutionId: inst.id,
        key,
        operation: 'reversal',
        settlementId: s.id,
        requestHash: hash,
        createdAt: iso,
        ttl: ttlFrom('idempotencyRecord', epochSeconds(at)),
      }),
    ],
    ['account', s.split.personalAccount > 0 && accountCredit(s.idHash, s.split.personalAccount, iso)],
    ['familyAccount', familyPaid && accountCredit(payer.idHash, split.familyAccount, iso)],
    [
      'familyTransaction',
      familyPaid &&
        holderTxnPut(payer.idHash, {
          entry,
          kind: 'reversal',
          settlementId: s.id,
          institutionName: s.institutionName,
          at: iso,
          personalAccountChange: split.familyAccount,
          amounts: negated,
          paidForRelative: { maskedName: s.maskedName },
        }),
    ],
  ] as const;
}
