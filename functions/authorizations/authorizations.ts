/**
 * 授权管理: every channel the card is bound in and every portal the holder logged in to, and
 * revoking any of them from whichever app the holder is in. Revoking a channel removes the
 * card's binding there: that channel's sessions find no card and its codes stop verifying at
 * once (every use checks the binding), and the partner is told `binding.removed`.
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { findChannel } from '../channels/index.js';
import { faceUsedProblem, requirePassedFace, useFace } from '../face/index.js';
import { bindingDeletes, checkCardPin, effectiveStatus, holderCard, holderErrors, listBindingsOfCard } from '../holder/index.js';
import { cardEventPart } from '../webhooks/index.js';
import { checkRevocation } from './authorization.rules.js';
import { authorizationErrors } from './errors.js';
import { listPortalGrants, portalGrantDelete } from './portalGrant.store.js';

export async function authorizationsOf(session: Session) {
  const { card } = await holderCard(session);
  const [bindings, grants] = await Promise.all([listBindingsOfCard(card.cardId), listPortalGrants(card.cardId)]);
  const channels = await Promise.all(
    bindings.map(async (b) => {
      const channel = await findChannel(b.channelId);
      return {
        channelId: b.channelId,
        name: channel?.name ?? b.channelId,
        platform: channel?.platform ?? 'h5',
        boundAt: b.boundAt,
        lastUsedAt: b.lastUsedAt ?? b.boundAt,
        current: b.channelId === session.channelId,
      };
    }),
  );
  const portals = await Promise.all(
    grants.map(async (g) => {
      const portal = await findChannel(g.portalId);
      return { channelId: g.portalId, name: portal?.portalName ?? portal?.name ?? g.portalId, scope: g.scope, lastLoginAt: g.lastLoginAt };
    }),
  );
  channels.sort((a, b) => (a.current === b.current ? b.lastUsedAt.localeCompare(a.lastUsedAt) : a.current ? -1 : 1));
  portals.sort((a, b) => b.lastLoginAt.localeCompare(a.lastLoginAt));
  return { channels, portals };
}

export async function revokeAuthorization(
  session: Session,
  target: string,
  proof: { pin?: string; faceVerificationId?: string; confirm?: true },
): Promise<void> {
  const { card } = await holderCard(session);
  const [bindings, grants] = await Promise.all([listBindingsOfCard(card.cardId), listPortalGrants(card.cardId)]);
  const check = checkRevocation({
    target,
    currentChannelId: session.channelId,
    boundChannels: bindings.map((b) => b.channelId),
    portals: grants.map((g) => g.portalId),
    confirmed: proof.confirm === true,
  });
  if (!check.ok) {
    if (check.code === 'confirmation_required') {
      throw authorizationErrors.problem('confirmation_required', { reason: check.reason! }, { extensions: { reason: check.reason } });
    }
    throw authorizationErrors.problem('authorization_not_found');
  }
  const at = now();
  const face = proof.faceVerificationId ? await requirePassedFace(session, proof.faceVerificationId, 'unbind', card.idHash, at) : undefined;
  if (!face) await checkCardPin(card, proof.pin!);
  const binding = bindings.find((b) => b.channelId === target);
  const grant = grants.find((g) => g.portalId === target);
  const refusal = await attemptTransact([
    ['binding', binding && bindingDeletes(binding)],
    ['portal', grant && portalGrantDelete(card.cardId, target)],
    ['face', face && useFace(face, at, `revoke:${card.cardId}:${target}`)],
    ['event', binding && cardEventPart('binding.removed', card.cardId, effectiveStatus(card, at), at, [binding])],
  ]);
  if (refusal?.refused('face')) throw faceUsedProblem();
  if (refusal?.refused('binding') || refusal?.refused('portal')) throw authorizationErrors.problem('authorization_not_found');
  if (refusal) throw holderErrors.problem('concurrent_update');
  logger.info('authorization revoked', { cardId: card.cardId, from: session.channelId, revoked: target, binding: Boolean(binding), portal: Boolean(grant) });
}
