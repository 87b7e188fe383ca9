/** What the terminal use cases share: the institution's own settlement, status refusals, idempotent replays. */
import { noteAccess } from '../core/audit/trail.js';
import { createHash } from 'node:crypto';
import type { ProblemError } from '../core/problem.js';
import type { InstitutionRecord } from '../institutions/index.js';
import { settlementErrors } from './errors.js';
import { getIdempotency } from './idempotency.store.js';
import { getSettlement, type SettlementRecord, type SettlementStatus } from './settlement.store.js';
import { parts, terminalView } from './views.js';


/** The settlement, if it is this institution's: another institution's is as good as none. */
export async function requireOwnSettlement(inst: InstitutionRecord, id: string): Promise<SettlementRecord> {
  const s = await getSettlement(id);
  if (!s || s.institutionId !== inst.id) throw settlementErrors.problem('settlement_not_found');
  noteAccess(s.idHash, 'terminal');
  return s;
}

const STATUS_CODES = {
  awaiting_confirmation: 'not_confirmed',
  confirmed: 'not_settled',
  settled: 'already_settled',
  cancelled: 'settlement_cancelled',
  reversed: 'settlement_reversed',
} as const satisfies Record<SettlementStatus, string>;

/** The refusal of `action` (结算, 冲正, …) because of the settlement's current status. */
export function statusConflict(s: Pick<SettlementRecord, 'status'>, action: string): ProblemError {
  return settlementErrors.problem(STATUS_CODES[s.status], { action }, { extensions: { status: s.status } });
}

/** The split a holder must confirm again, and its version. */
export function splitChanged(s: Pick<SettlementRecord, 'split' | 'splitVersion'>): ProblemError {
  return settlementErrors.problem('split_changed', { extensions: { split: parts(s.split), splitVersion: s.splitVersion ?? 1 } });
}

export function requestHash(operation: string, settlementId: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([operation, settlementId, body ?? null])).digest('hex');
}

/** A retry with the same key gets the first answer; the same key on another request is refused. */
export async function replay(inst: InstitutionRecord, key: string, hash: string): Promise<SettlementRecord | undefined> {
  const prior = await getIdempotency(inst.id, key);
  if (!prior) return undefined;
  if (prior.requestHash !== hash) {
    throw settlementErrors.problem('idempotency_key_reused', {
      errors: [{ field: 'Idempotency-Key', message: 'already used for a different request' }],
    });
  }
  return getSettlement(prior.settlementId);
}

/** What a terminal polls after pre-settling, to see when the holder has confirmed. */
export async function settlementForTerminal(inst: InstitutionRecord, id: string) {
  return terminalView(await requireOwnSettlement(inst, id));
}
