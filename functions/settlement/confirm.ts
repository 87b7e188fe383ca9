/**
 * The holder's side of settlement: the bills waiting for their confirmation, one bill, and
 * confirming it with the PIN (the security check before paying).
 */
import { noteAccess, noteUsage } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { checkCardPin, holderCard, type CardRecord } from '../holder/index.js';
import { settlementErrors } from './errors.js';
import { getSettlement, listPendingSettlements, settlementTransition, type SettlementRecord } from './settlement.store.js';
import { splitChanged, statusConflict } from './terminalSettlement.js';
import { holderView } from './views.js';

export async function pendingForHolder(session: Session) {
  const { card } = await holderCard(session);
  const at = now().toISOString();
  const pending = (await listPendingSettlements(card.cardId)).filter((s) => s.confirmBy > at);
  // A relative's bill (a family code) shows their items: an access of the relative's information.
  for (const s of pending) if (s.idHash !== card.idHash) noteAccess(s.idHash, 'relative');
  return pending.map(holderView);
}

/**
 * A settlement this holder may see: as the patient, as the family helper who showed the
 * code (and confirms it), or as the relative whose account paid a part.
 */
async function holderSettlement(session: Session, id: string): Promise<{ s: SettlementRecord; card: CardRecord }> {
  const { card } = await holderCard(session);
  const s = await getSettlement(id);
  const involved = s && [s.cardId, s.confirmerCardId, s.familyPayer?.cardId].includes(card.cardId);
  if (!s || !involved) throw settlementErrors.problem('settlement_not_found');
  if (s.idHash !== card.idHash) noteAccess(s.idHash, 'relative');
  return { s, card };
}

export async function settlementForHolder(session: Session, id: string) {
  return holderView((await holderSettlement(session, id)).s);
}

/** The holder's security check before paying: the card PIN. */
export async function confirmSettlement(session: Session, id: string, pin: string, splitVersion?: number) {
  const { s, card } = await holderSettlement(session, id);
  noteUsage({ institutionId: s.institutionId });
  // A relative's code shown by a family helper: the helper confirms, on their phone.
  if (s.confirmerCardId !== card.cardId) throw settlementErrors.problem('confirmer_mismatch');
  if (s.status !== 'awaiting_confirmation') throw statusConflict(s, '确认');
  const version = s.splitVersion ?? 1;
  // The holder agrees to the split they were shown; a newer one must be shown first.
  if (splitVersion !== undefined && splitVersion !== version) throw splitChanged(s);
  const at = now();
  if (s.confirmBy <= at.toISOString()) throw settlementErrors.problem('confirmation_expired');
  await checkCardPin(card, pin);
  const refusal = await attemptTransact([
    ['settlement', settlementTransition(s.id, ['awaiting_confirmation'], 'confirmed', { confirmedAt: at.toISOString() }, version)],
  ]);
  if (refusal) {
    const latest = (await getSettlement(id))!;
    throw latest.status === 'awaiting_confirmation' ? splitChanged(latest) : statusConflict(latest, '确认');
  }
  logger.info('settlement confirmed', { settlementId: s.id });
  return holderView({ ...s, status: 'confirmed', confirmedAt: at.toISOString() });
}
