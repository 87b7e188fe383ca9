/**
 * Family service (亲情服务): a holder (the helper) binds up to 8 relatives' e-cards and
 * shows their dynamic codes. Adding is one transaction: the helper still holds their card,
 * a slot is taken on the helper's counter (`count < 8`), both binding items are put if
 * absent, the relative's card is not cancelled, and (for a relative aged 16+) the
 * relative's passed face verification is consumed. Either side removes the binding; a code
 * issued through it dies with it. The helper gets no way to change the relative's PIN,
 * loss status or channel bindings: there are simply no such endpoints.
 */
import { epochSeconds, now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { TransactionRefused, tableName, transactWrite } from '../core/table/ddb.js';
import { logger } from '../core/logger.js';
import { Conflict, NotFound, Unprocessable } from '../core/problem.js';
import { effectiveStatus } from '../holder/cardStatus.rules.js';
import { checkFaceUse, FACE_REFUSAL_DETAIL } from '../face/faceCheck.rules.js';
import { decideFamilyAdd, FAMILY_REFUSAL_DETAIL, type Relationship } from './family.rules.js';
import type { Session } from '../core/session/sessionToken.js';
import { bindingUserKey } from '../holder/binding.store.js';
import { cardKey, getCard, type CardRecord } from '../holder/card.store.js';
import { getFaceVerification, useFaceVerificationItem } from '../face/faceVerification.store.js';
import {
  familyCountIncrement,
  familyDeletes,
  familyPuts,
  getFamilyBinding,
  getFamilyCount,
  listFamilyOf,
  listHelpersOf,
  familySharingUpdates,
  type FamilyBindingRecord,
  type SharingFlag,
} from './family.store.js';
import {
  familyInvitationDelete,
  familyInvitationPut,
  listReceivedInvitations,
  listSentInvitations,
  type FamilyInvitationRecord,
} from './familyInvitation.store.js';
import { getPerson, type PersonRecord } from '../holder/person.store.js';
import { checkCardPin } from '../holder/pinCheck.js';
import { issueFamilyCode, type IssuedCode } from '../codes/codes.js';
import { CardNotFound, holderCard } from '../holder/holderCard.js';
import { checkRealName } from '../holder/register.js';

export class FamilyRefused extends Unprocessable {
  override name = 'FamilyRefused';
  constructor(code: string, detail: string, field: string) {
    super(code, detail, [{ field, message: code }]);
  }
}

export class FamilyMemberNotFound extends NotFound {
  override name = 'FamilyMemberNotFound';
  constructor() {
    super('family_member_not_found', '未找到该亲属绑定。');
  }
}

export class FamilyMemberExists extends Conflict {
  override name = 'FamilyMemberExists';
  constructor() {
    super('family_member_exists', '已绑定该亲属。');
  }
}

export class InvitationNotFound extends NotFound {
  override name = 'InvitationNotFound';
  constructor() {
    super('family_invitation_not_found', '未找到该亲属邀请，可能已过期或已处理。');
  }
}

/** Family sharing (家庭共济) seen from one side: fromMe = my account pays theirs. */
export interface AccountSharingView {
  fromMe: boolean;
  toMe: boolean;
}

export interface FamilyMemberView {
  memberId: string;
  relationship: Relationship;
  maskedName: string;
  maskedIdNumber: string;
  cardStatus: CardRecord['status'];
  boundAt: string;
  isPensioner: boolean;
  accountSharing: AccountSharingView;
}

export interface AddFamilyMemberRequest {
  relationship: Relationship;
  name: string;
  idNumber: string;
  faceVerificationId?: string;
  /** 'relative': no face on this phone; the relative accepts an invitation in their own app. */
  confirmBy?: 'face' | 'relative';
}

function memberView(binding: FamilyBindingRecord, card: CardRecord, person: PersonRecord | undefined, at: Date): FamilyMemberView {
  return {
    memberId: binding.relativeCardId,
    relationship: binding.relationship,
    maskedName: card.maskedName,
    maskedIdNumber: card.maskedIdNumber,
    cardStatus: effectiveStatus(card, at),
    boundAt: binding.boundAt,
    isPensioner: person?.personType === 'retiree',
    accountSharing: { fromMe: binding.helperAccountShared === true, toMe: binding.relativeAccountShared === true },
  };
}

const relativeNoCard = () => new FamilyRefused('family_relative_no_card', '该亲属尚未申领电子社保卡，请先为其申领。', 'idNumber');
const cardCancelled = () => new FamilyRefused('family_card_cancelled', '该亲属的电子社保卡已注销，不能绑定。', 'idNumber');

/**
 * The one transaction that creates a binding, whoever confirmed it: the helper still holds
 * their card in the channel that asked, a free slot (count < 8), both binding items put if
 * absent, the relative's card not cancelled; then the caller's proof items (the consumed
 * face verification, or the accepted invitation).
 */
async function writeBinding(binding: FamilyBindingRecord, proofItems: object[], proofRefused: () => Error): Promise<void> {
  const items = [
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: bindingUserKey(binding.boundByChannelId, binding.boundByOpenid),
        ConditionExpression: 'cardId = :card',
        ExpressionAttributeValues: { ':card': binding.helperCardId },
      },
    },
    familyCountIncrement(binding.helperCardId),
    ...familyPuts(binding),
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: cardKey(binding.relativeCardId),
        ConditionExpression: 'attribute_exists(pk) AND #s <> :cancelled',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled' },
      },
    },
    ...proofItems,
  ];
  try {
    await transactWrite(items);
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    if (err.failedAt(0)) throw new CardNotFound();
    if (err.failedAt(1)) throw new FamilyRefused('family_limit_reached', FAMILY_REFUSAL_DETAIL.family_limit_reached, 'idNumber');
    if (err.failedAt(2) || err.failedAt(3)) throw new FamilyMemberExists();
    if (err.failedAt(4)) throw cardCancelled();
    if (proofItems.some((_, i) => err.failedAt(5 + i))) throw proofRefused();
    throw new Conflict('concurrent_update', '操作冲突，请重试。');
  }
}

export async function addFamilyMember(
  session: Session,
  req: AddFamilyMemberRequest,
): Promise<{ member: FamilyMemberView } | { invitation: FamilyInvitationView }> {
  const { card: helper } = await holderCard(session);
  const person = await checkRealName(req.name, req.idNumber);
  if (!person.cardId) throw relativeNoCard();
  const at = now();
  const relative = await getCard(person.cardId);
  if (!relative) throw relativeNoCard();
  const decision = decideFamilyAdd({
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    relativeBirthDate: person.birthDate,
    boundCount: await getFamilyCount(helper.cardId),
    today: at,
  });
  if (!decision.ok) {
    throw new FamilyRefused(decision.reason, FAMILY_REFUSAL_DETAIL[decision.reason], decision.reason === 'family_guardian_only' ? 'relationship' : 'idNumber');
  }
  if (effectiveStatus(relative, at) === 'cancelled') throw cardCancelled();
  if (await getFamilyBinding(helper.cardId, relative.cardId)) throw new FamilyMemberExists();
  if (decision.needsFace && req.confirmBy === 'relative') {
    return { invitation: await inviteRelative(session, helper, relative, req.relationship, at) };
  }

  let proofItems: object[] = [];
  if (decision.needsFace) {
    if (!req.faceVerificationId) {
      throw new FamilyRefused('face_verification_required', '添加成年亲属需要该亲属本人的人脸核验，或请亲属在本人账户中确认。', 'faceVerificationId');
    }
    const face = await getFaceVerification(req.faceVerificationId);
    const refusal = checkFaceUse(
      face,
      { purpose: 'family', channelId: session.channelId, openid: session.openid, subjectIdHash: person.idHash },
      at,
    );
    if (refusal) throw new FamilyRefused(refusal, FACE_REFUSAL_DETAIL[refusal], 'faceVerificationId');
    proofItems = [useFaceVerificationItem(face!, at.toISOString(), `family:${helper.cardId}:${relative.cardId}`)];
  }

  const binding: FamilyBindingRecord = {
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    boundAt: at.toISOString(),
    boundByChannelId: session.channelId,
    boundByOpenid: session.openid,
    ...(decision.needsFace ? { faceVerificationId: req.faceVerificationId } : { addedAsGuardian: true }),
  };
  await writeBinding(
    binding,
    proofItems,
    () => new FamilyRefused('face_verification_used', FACE_REFUSAL_DETAIL.face_verification_used, 'faceVerificationId'),
  );
  logger.info('family member added', {
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    asGuardian: !decision.needsFace,
  });
  return { member: memberView(binding, relative, await getPerson(relative.idHash), at) };
}

// --- invitations: the relative confirms from their own account --------------------------

export const INVITATION_VALID_MS = 7 * 86_400_000;

export interface FamilyInvitationView {
  id: string;
  relationship: Relationship;
  helper: { maskedName: string };
  relative: { maskedName: string };
  createdAt: string;
  expiresAt: string;
}

function invitationView(inv: FamilyInvitationRecord): FamilyInvitationView {
  return {
    id: inv.id,
    relationship: inv.relationship,
    helper: { maskedName: inv.helperMaskedName },
    relative: { maskedName: inv.relativeMaskedName },
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
  };
}

async function inviteRelative(
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
    ttl: epochSeconds(expiresAt),
  };
  try {
    await transactWrite([familyInvitationPut(inv)]);
  } catch (err) {
    if (err instanceof TransactionRefused) {
      throw new Conflict('family_invitation_pending', '已向该亲属发出邀请，请等待其确认。');
    }
    throw err;
  }
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
  if (!inv || inv.expiresAt <= at.toISOString()) throw new InvitationNotFound();
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
  await writeBinding(binding, [familyInvitationDelete(inv, at.toISOString())], () => new InvitationNotFound());
  logger.info('family invitation accepted', { helperCardId: inv.helperCardId, relativeCardId: inv.relativeCardId, invitationId: inv.id });
  const helper = await getCard(inv.helperCardId);
  return helperView(binding, helper!);
}

/** The relative declines, or the helper withdraws. */
export async function deleteFamilyInvitation(session: Session, id: string): Promise<void> {
  const { card } = await holderCard(session);
  const inv = (await receivedInvitation(card.cardId, id)) ?? (await listSentInvitations(card.cardId)).find((i) => i.id === id);
  if (!inv) throw new InvitationNotFound();
  try {
    await transactWrite([familyInvitationDelete(inv)]);
  } catch (err) {
    if (err instanceof TransactionRefused) throw new InvitationNotFound();
    throw err;
  }
  logger.info('family invitation removed', { invitationId: id, by: inv.relativeCardId === card.cardId ? 'relative' : 'helper' });
}

// --- family sharing (家庭共济) ----------------------------------------------------------

/** PUT /v1/family/members/{memberId}/account-sharing: my (the helper's) account pays the relative's bills. */
export async function setMemberAccountSharing(session: Session, memberId: string, allowed: boolean, pin: string): Promise<FamilyMemberView> {
  const { card: helper } = await holderCard(session);
  const binding = await getFamilyBinding(helper.cardId, memberId);
  if (!binding) throw new FamilyMemberNotFound();
  await checkCardPin(helper, pin);
  await writeSharing(helper.cardId, memberId, 'helperAccountShared', allowed);
  const relative = await getCard(memberId);
  if (!relative) throw new FamilyMemberNotFound();
  return memberView({ ...binding, helperAccountShared: allowed }, relative, await getPerson(relative.idHash), now());
}

/** PUT /v1/family/helpers/{helperId}/account-sharing: my (the relative's) account pays the helper's bills. */
export async function setHelperAccountSharing(session: Session, helperId: string, allowed: boolean, pin: string): Promise<FamilyHelperView> {
  const { card } = await holderCard(session);
  const binding = await getFamilyBinding(helperId, card.cardId);
  if (!binding) throw new FamilyMemberNotFound();
  await checkCardPin(card, pin);
  await writeSharing(helperId, card.cardId, 'relativeAccountShared', allowed);
  const helper = await getCard(helperId);
  if (!helper) throw new FamilyMemberNotFound();
  return helperView({ ...binding, relativeAccountShared: allowed }, helper);
}

async function writeSharing(helperCardId: string, relativeCardId: string, flag: SharingFlag, allowed: boolean): Promise<void> {
  try {
    await transactWrite(familySharingUpdates(helperCardId, relativeCardId, flag, allowed, now().toISOString()));
  } catch (err) {
    if (err instanceof TransactionRefused) throw new FamilyMemberNotFound();
    throw err;
  }
  logger.info('family account sharing', { helperCardId, relativeCardId, flag, allowed });
}

/** GET /v1/family/members: the helper's relatives, masked. */
export async function listFamilyMembers(session: Session): Promise<{ members: FamilyMemberView[] }> {
  const { card: helper } = await holderCard(session);
  const bindings = await listFamilyOf(helper.cardId);
  const cards = await Promise.all(bindings.map((b) => getCard(b.relativeCardId)));
  const people = await Promise.all(cards.map((c) => (c ? getPerson(c.idHash) : undefined)));
  const at = now();
  const members = bindings
    .map((b, i) => (cards[i] ? memberView(b, cards[i], people[i], at) : undefined))
    .filter((m): m is FamilyMemberView => m !== undefined)
    .sort((a, b) => a.boundAt.localeCompare(b.boundAt));
  return { members };
}

async function removeBinding(helperCardId: string, relativeCardId: string, by: 'helper' | 'relative'): Promise<void> {
  try {
    await transactWrite(familyDeletes(helperCardId, relativeCardId));
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(0)) throw new FamilyMemberNotFound();
    throw err;
  }
  logger.info('family member removed', { helperCardId, relativeCardId, by });
}

/** DELETE /v1/family/members/{memberId}: the helper unbinds a relative. */
export async function removeFamilyMember(session: Session, memberId: string): Promise<void> {
  const { card: helper } = await holderCard(session);
  await removeBinding(helper.cardId, memberId, 'helper');
}

/** POST /v1/family/members/{memberId}/codes: a code for the relative's card, traceable to the helper. */
export async function issueFamilyMemberCode(session: Session, memberId: string): Promise<IssuedCode> {
  const { card: helper } = await holderCard(session);
  const binding = await getFamilyBinding(helper.cardId, memberId);
  if (!binding) throw new FamilyMemberNotFound();
  const relative = await getCard(binding.relativeCardId);
  if (!relative) throw new FamilyMemberNotFound();
  return issueFamilyCode(session, binding, relative);
}

export interface FamilyHelperView {
  helperId: string;
  relationship: Relationship;
  maskedName: string;
  maskedIdNumber: string;
  boundAt: string;
  /** fromMe: my (the relative's) account pays the helper's bills; toMe: the helper's pays mine. */
  accountSharing: AccountSharingView;
}

function helperView(binding: FamilyBindingRecord, helper: CardRecord): FamilyHelperView {
  return {
    helperId: binding.helperCardId,
    relationship: binding.relationship,
    maskedName: helper.maskedName,
    maskedIdNumber: helper.maskedIdNumber,
    boundAt: binding.boundAt,
    accountSharing: { fromMe: binding.relativeAccountShared === true, toMe: binding.helperAccountShared === true },
  };
}

/** The relative's side: who has bound my card (GET /v1/family/helpers). */
export async function listFamilyHelpers(session: Session): Promise<{ helpers: FamilyHelperView[] }> {
  const { card } = await holderCard(session);
  const reverse = await listHelpersOf(card.cardId);
  const cards = await Promise.all(reverse.map((b) => getCard(b.helperCardId)));
  const helpers = reverse
    .map((b, i) => (cards[i] ? helperView(b, cards[i]) : undefined))
    .filter((h): h is FamilyHelperView => h !== undefined)
    .sort((a, b) => a.boundAt.localeCompare(b.boundAt));
  return { helpers };
}

/** The relative removes a helper (DELETE /v1/family/helpers/{helperId}). */
export async function removeFamilyHelper(session: Session, helperId: string): Promise<void> {
  const { card } = await holderCard(session);
  await removeBinding(helperId, card.cardId, 'relative');
}
