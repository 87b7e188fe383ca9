/** Unbinding this channel (解绑): the PIN or a face check; other channels keep their binding. */
import { now } from '../core/clock.js';
import { httpErrors } from '../core/http/errors.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import { bindingDeletes, checkCardPin, effectiveStatus, holderCard, holderErrors } from '../holder/index.js';
import { cardEventPart } from '../webhooks/index.js';

export async function unbindCurrentChannel(session: Session, proof: { pin?: string; faceVerificationId?: string }): Promise<void> {
  if (!proof.pin && !proof.faceVerificationId) {
    throw httpErrors.problem('invalid_request', { fields: 'pin' }, { errors: [{ field: 'pin', message: 'pin or faceVerificationId is required' }] });
  }
  const { card, binding } = await holderCard(session);
  const at = now();
  const face = proof.faceVerificationId ? await requirePassedFace(session, proof.faceVerificationId, 'unbind', card.idHash, at) : undefined;
  if (!face) await checkCardPin(card, proof.pin!);
  const refusal = await attemptTransact([
    ['binding', bindingDeletes(binding)],
    ['face', face && useFace(face, at, `unbind:${card.cardId}`)],
    ['event', cardEventPart('binding.removed', card.cardId, effectiveStatus(card, at), at, [binding])],
  ]);
  if (refusal?.refused('face')) throw faceUsedProblem();
  if (refusal) throw holderErrors.problem('concurrent_update');
  logger.info('channel unbound', { cardId: card.cardId, channelId: session.channelId });
}
