/** Cancelling a settlement before it is settled (the cashier voids the bill). */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import type { InstitutionRecord } from '../institutions/index.js';
import { settlementTransition } from './settlement.store.js';
import { requireOwnSettlement, statusConflict } from './terminalSettlement.js';
import { terminalView } from './views.js';

export async function cancel(inst: InstitutionRecord, id: string) {
  const s = await requireOwnSettlement(inst, id);
  if (s.status !== 'awaiting_confirmation' && s.status !== 'confirmed') throw statusConflict(s, '撤销');
  const at = now().toISOString();
  const refusal = await attemptTransact([
    ['settlement', settlementTransition(s.id, ['awaiting_confirmation', 'confirmed'], 'cancelled', { cancelledAt: at })],
  ]);
  if (refusal) throw statusConflict(await requireOwnSettlement(inst, id), '撤销');
  logger.info('settlement cancelled', { settlementId: s.id, institutionId: inst.id });
  return terminalView({ ...s, status: 'cancelled', cancelledAt: at });
}
