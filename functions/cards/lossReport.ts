/** Loss reports (挂失) by the holder: reporting, and lifting with the PIN and a fresh face check. */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import {
  cardLiftUpdate,
  cardView,
  checkCardPin,
  decideLift,
  decideLossReport,
  holderCard,
  holderErrors,
  cardChange,
  listBindingsOfCard,
  type CardView,
} from '../holder/index.js';
import { holderEventPart, reminderDelete, reminderPut } from '../notifications/index.js';
import { cardEventPart } from '../webhooks/index.js';
import { cardsErrors } from './errors.js';

const refusedBy = (code: 'card_cancelled' | 'already_reported' | 'not_reported') =>
  code === 'card_cancelled' ? holderErrors.problem(code) : cardsErrors.problem(code);

/** The PIN, or a face check of purpose loss_report: the way in for a holder whose PIN is locked or forgotten. */
export type LossProof = string | { pin?: string; faceVerificationId?: string };

export async function reportLoss(session: Session, kind: 'temporary' | 'formal', proof: LossProof): Promise<CardView> {
  const { pin, faceVerificationId } = typeof proof === 'string' ? { pin: proof, faceVerificationId: undefined } : proof;
  const { card } = await holderCard(session);
  // The outbox event's targets, read while the PIN is checked (a round trip less per report).
  const bindings = listBindingsOfCard(card.cardId);
  bindings.catch(() => undefined);
  const at = now();
  const face = faceVerificationId ? await requirePassedFace(session, faceVerificationId, 'loss_report', card.idHash, at) : undefined;
  if (!face) await checkCardPin(card, pin ?? '');
  const decision = decideLossReport(card, kind, at);
  if (!decision.ok) throw refusedBy(decision.code);
  // Every code issued so far dies with the report, whatever happens to the report later.
  const codesEpoch = (card.codesEpoch ?? 0) + 1;
  const lapsesAt = decision.lossReport.expiresAt;
  const refusal = await attemptTransact([
    ['card', cardChange(card.cardId, card.version, { status: decision.status, lossReport: decision.lossReport, codesEpoch })],
    ['face', face && useFace(face, at, `loss_report:${card.cardId}`)],
    ['event', cardEventPart('card.loss_reported', card.cardId, decision.status, at, await bindings)],
    ['notice', holderEventPart('loss_reported', card.cardId, at, { lossKind: kind })],
    ['lapse', lapsesAt ? reminderPut('loss_lapsed', card.cardId, new Date(lapsesAt)) : reminderDelete('loss_lapsed', card.cardId)],
  ]);
  if (refusal?.refused('face')) throw faceUsedProblem();
  if (refusal) throw holderErrors.problem('concurrent_update');
  logger.info('loss reported', { cardId: card.cardId, kind, channelId: session.channelId });
  return cardView({ ...card, status: decision.status, lossReport: decision.lossReport, codesEpoch, version: card.version + 1 }, at);
}

/** Lifting a loss report needs both the PIN and a fresh face check of the holder. */
export async function liftLoss(session: Session, pin: string, faceVerificationId: string): Promise<CardView> {
  const { card } = await holderCard(session);
  const at = now();
  const decision = decideLift(card, at);
  if (!decision.ok) throw refusedBy(decision.code);
  const bindings = listBindingsOfCard(card.cardId);
  bindings.catch(() => undefined);
  await checkCardPin(card, pin);
  const face = await requirePassedFace(session, faceVerificationId, 'unlock', card.idHash, at);
  const refusal = await attemptTransact([
    ['card', cardLiftUpdate(card.cardId, card.version)],
    ['face', useFace(face, at, `unlock:${card.cardId}`)],
    ['event', cardEventPart('card.loss_lifted', card.cardId, 'normal', at, await bindings)],
    ['lapse', reminderDelete('loss_lapsed', card.cardId)],
  ]);
  if (refusal?.refused('face')) throw faceUsedProblem();
  if (refusal) throw holderErrors.problem('concurrent_update');
  logger.info('loss report lifted', { cardId: card.cardId, channelId: session.channelId });
  return cardView({ ...card, status: 'normal', lossReport: undefined, version: card.version + 1 }, at);
}
