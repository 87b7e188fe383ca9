/** Family sharing (家庭共济): an account owner, with their PIN, lets their personal account pay the other side's bills. */
import { noteAccess } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { checkCardPin, getCard, getPerson, holderCard } from '../holder/index.js';
import { familyErrors } from './errors.js';
import { familySharingUpdates, getFamilyBinding, type SharingFlag } from './family.store.js';
import { helperView, memberView, type FamilyHelperView, type FamilyMemberView } from './views.js';

const notFound = () => familyErrors.problem('family_member_not_found');

/** PUT /v1/family/members/{memberId}/account-sharing: my (the helper's) account pays the relative's bills. */
export async function setMemberAccountSharing(session: Session, memberId: string, allowed: boolean, pin: string): Promise<FamilyMemberView> {
  const { card: helper } = await holderCard(session);
  const binding = await getFamilyBinding(helper.cardId, memberId);
  if (!binding) throw notFound();
  await checkCardPin(helper, pin);
  await writeSharing(helper.cardId, memberId, 'helperAccountShared', allowed);
  const relative = await getCard(memberId);
  if (!relative) throw notFound();
  noteAccess(relative.idHash, 'relative');
  return memberView({ ...binding, helperAccountShared: allowed }, relative, await getPerson(relative.idHash), now());
}

/** PUT /v1/family/helpers/{helperId}/account-sharing: my (the relative's) account pays the helper's bills. */
export async function setHelperAccountSharing(session: Session, helperId: string, allowed: boolean, pin: string): Promise<FamilyHelperView> {
  const { card } = await holderCard(session);
  const binding = await getFamilyBinding(helperId, card.cardId);
  if (!binding) throw notFound();
  await checkCardPin(card, pin);
  await writeSharing(helperId, card.cardId, 'relativeAccountShared', allowed);
  const helper = await getCard(helperId);
  if (!helper) throw notFound();
  noteAccess(helper.idHash, 'relative');
  return helperView({ ...binding, relativeAccountShared: allowed }, helper);
}

async function writeSharing(helperCardId: string, relativeCardId: string, flag: SharingFlag, allowed: boolean): Promise<void> {
  const refusal = await attemptTransact([['binding', familySharingUpdates(helperCardId, relativeCardId, flag, allowed, now().toISOString())]]);
  if (refusal) throw notFound();
  logger.info('family account sharing', { helperCardId, relativeCardId, flag, allowed });
}
