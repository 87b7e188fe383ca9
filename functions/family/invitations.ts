/**
 * Family invitations: the relative confirms an add from their own account, with their PIN,
 * instead of a face check on the helper's phone. One pending invitation per pair, 7 days.
 */
import { noteAccess } from '../core/audit/trail.js';
import { ttlFrom } from '../core/retention.js';
import { epochSeconds, now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { checkCardPin, getCard, holderCard, type CardRecord } from '../holder/index.js';
import { writeBinding } from './bind.js';
import { familyErrors } from './errors.js';
import type { Relationship } from './family.rules.js';
import type { FamilyBindingRecord } from './family.store.js';
import {
  familyInvitationDelete,
  familyInvitationPut,
  listReceivedInvitations,
  listSentInvitations,
  type FamilyInvitationRecord,
} from './familyInvitation.store.js';
import { helperView, invitationView, type FamilyHelperView, type FamilyInvitationView } from './views.js';

export const INVITATION_VALID_MS = 7 * 86_400_000;

const invitationNotFound = () => familyErrors.problem('family_invitation_not_found');

export async function inviteRelative(
  session: Session,
  helper: CardRecord,
  relative: CardRecord,
  relationship: Relationship,
  at: Date,
): Promise<FamilyInvitationView> {
  const expiresAt = new Date(at.getTime() + INVITATION_VALID_MS);
  const inv: FamilyInvitationRecord = {
    id: newId('fi'),
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship,
    helperMaskedName: helper.maskedName,
    relativeMaskedName: relative.maskedName,
    channelId: session.channelId,
    openid: session.openid,
    createdAt: at.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ttl: ttlFrom('familyInvitation', epochSeconds(expiresAt)),
  };
  const refusal = await attemptTransact([['invitation', familyInvitationPut(inv)]]);
  if (refusal) throw familyErrors.problem('family_invitation_pending');
  logger.info('family invitation sent', { helperCardId: helper.cardId, relativeCardId: relative.cardId, invitationId: inv.id });
  return invitationView(inv);
}

/** GET /v1/family/invitations: pending invitations I received and sent. */
export async function listFamilyInvitations(session: Session): Promise<{ received: FamilyInvitationView[]; sent: FamilyInvitationView[] }> {
  const { card } = await holderCard(session);
  const at = now().toISOString();
  const [received, sent] = await Promise.all([listReceivedInvitations(card.cardId), listSentInvitations(card.cardId)]);
  const live = (list: FamilyInvitationRecord[]) => list.filter((i) => i.expiresAt > at).map(invitationView);
  return { received: live(received), sent: live(sent) };
}

async function receivedInvitation(cardId: string, id: string): Promise<FamilyInvitationRecord | undefined> {
  return (await listReceivedInvitations(cardId)).find((i) => i.id === id);
}

/** The relative accepts with their PIN: the binding is made as if the helper's add had the face check. */
export async function acceptFamilyInvitation(session: Session, id: string, pin: string): Promise<FamilyHelperView> {
  const { card } = await holderCard(session);
  const inv = await receivedInvitation(card.cardId, id);
  const at = now();
  if (!inv || inv.expiresAt <= at.toISOString()) throw invitationNotFound();
  await checkCardPin(card, pin);
  const binding: FamilyBindingRecord = {
    helperCardId: inv.helperCardId,
    relativeCardId: inv.relativeCardId,
    relationship: inv.relationship,
    boundAt: at.toISOString(),
    boundByChannelId: inv.channelId,
    boundByOpenid: inv.openid,
    confirmedByRelative: { channelId: session.channelId, at: at.toISOString(), invitationId: inv.id },
  };
  await writeBinding(binding, familyInvitationDelete(inv, at.toISOString()), invitationNotFound);
  logger.info('family invitation accepted', { helperCardId: inv.helperCardId, relativeCardId: inv.relativeCardId, invitationId: inv.id });
  const helper = await getCard(inv.helperCardId);
  noteAccess(helper!.idHash, 'relative');
  return helperView(binding, helper!);
}

/** The relative declines, or the helper withdraws. */
export async function deleteFamilyInvitation(session: Session, id: string): Promise<void> {
  const { card } = await holderCard(session);
  const inv = (await receivedInvitation(card.cardId, id)) ?? (await listSentInvitations(card.cardId)).find((i) => i.id === id);
  if (!inv) throw invitationNotFound();
  const refusal = await attemptTransact([['invitation', familyInvitationDelete(inv)]]);
  if (refusal) throw invitationNotFound();
  logger.info('family invitation removed', { invitationId: id, by: inv.relativeCardId === card.cardId ? 'relative' : 'helper' });
}
