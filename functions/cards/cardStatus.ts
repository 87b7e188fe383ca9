/** Card status changes by the holder: loss report, lifting it, unbinding this channel. */
import { now } from '../core/clock.js';
import { TransactionRefused, tableName, transactWrite } from '../core/table/ddb.js';
import { logger } from '../core/logger.js';
import { BadRequest, Conflict, Unprocessable } from '../core/problem.js';
import { decideLift, decideLossReport } from '../holder/cardStatus.rules.js';
import { checkFaceUse, FACE_REFUSAL_DETAIL } from '../face/faceCheck.rules.js';
import type { Session } from '../core/session/sessionToken.js';
import { bindingDeletes } from '../holder/binding.store.js';
import { cardKey, updateCard } from '../holder/card.store.js';
import { getFaceVerification, useFaceVerificationItem, type FacePurpose } from '../face/faceVerification.store.js';
import { cardView, type CardView } from '../holder/cardView.js';
import { holderCard } from '../holder/holderCard.js';
import { checkCardPin } from '../holder/pinCheck.js';

export class CardStateRefused extends Unprocessable {
  override name = 'CardStateRefused';
}

const concurrent = () => new Conflict('concurrent_update', '卡状态刚刚发生变化，请刷新后重试。');

export async function myCard(session: Session): Promise<CardView> {
  const { card } = await holderCard(session);
  return cardView(card, now());
}

export async function reportLoss(session: Session, kind: 'temporary' | 'formal', pin: string): Promise<CardView> {
  const { card } = await holderCard(session);
  await checkCardPin(card, pin);
  const at = now();
  const decision = decideLossReport(card, kind, at);
  if (!decision.ok) throw new CardStateRefused(decision.code, decision.detail);
  const written = await updateCard(card.cardId, card.version, { status: decision.status, lossReport: decision.lossReport });
  if (!written) throw concurrent();
  logger.info('loss reported', { cardId: card.cardId, kind, channelId: session.channelId });
  return cardView({ ...card, status: decision.status, lossReport: decision.lossReport, version: card.version + 1 }, at);
}

/** Lifting a loss report needs both the PIN and a fresh face check of the holder. */
export async function liftLoss(session: Session, pin: string, faceVerificationId: string): Promise<CardView> {
  const { card } = await holderCard(session);
  const at = now();
  const decision = decideLift(card, at);
  if (!decision.ok) throw new CardStateRefused(decision.code, decision.detail);
  await checkCardPin(card, pin);
  const face = await requireFace(session, faceVerificationId, 'unlock', card.idHash, at);
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: cardKey(card.cardId),
          UpdateExpression: 'SET #status = :normal, #version = #version + :one REMOVE lossReport',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':normal': 'normal', ':one': 1, ':expected': card.version },
        },
      },
      useFaceVerificationItem(face, at.toISOString(), `unlock:${card.cardId}`),
    ]);
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(1)) throw faceUsed();
    if (err instanceof TransactionRefused) throw concurrent();
    throw err;
  }
  logger.info('loss report lifted', { cardId: card.cardId, channelId: session.channelId });
  return cardView({ ...card, status: 'normal', lossReport: undefined, version: card.version + 1 }, at);
}

/** Unbinding this channel needs the PIN or a face check; other channels keep their binding. */
export async function unbindCurrentChannel(
  session: Session,
  proof: { pin?: string; faceVerificationId?: string },
): Promise<void> {
  if (!proof.pin && !proof.faceVerificationId) {
    throw new BadRequest('invalid_request', 'Invalid input: pin or faceVerificationId is required.', [
      { field: 'pin', message: 'pin or faceVerificationId is required' },
    ]);
  }
  const { card, binding } = await holderCard(session);
  const at = now();
  const items: object[] = bindingDeletes(binding);
  if (proof.faceVerificationId) {
    const face = await requireFace(session, proof.faceVerificationId, 'unbind', card.idHash, at);
    items.push(useFaceVerificationItem(face, at.toISOString(), `unbind:${card.cardId}`));
  } else {
    await checkCardPin(card, proof.pin!);
  }
  try {
    await transactWrite(items);
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(2)) throw faceUsed();
    if (err instanceof TransactionRefused) throw concurrent();
    throw err;
  }
  logger.info('channel unbound', { cardId: card.cardId, channelId: session.channelId });
}

async function requireFace(session: Session, id: string, purpose: FacePurpose, subjectIdHash: string, at: Date) {
  const face = await getFaceVerification(id);
  const refusal = checkFaceUse(face, { purpose, channelId: session.channelId, openid: session.openid, subjectIdHash }, at);
  if (refusal) {
    throw new Unprocessable(refusal, FACE_REFUSAL_DETAIL[refusal], [{ field: 'faceVerificationId', message: refusal }]);
  }
  return face!;
}

function faceUsed() {
  return new Unprocessable('face_verification_used', FACE_REFUSAL_DETAIL.face_verification_used, [
    { field: 'faceVerificationId', message: 'already used' },
  ]);
}
