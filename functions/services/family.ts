/**
 * Family service (亲情服务): a holder (the helper) binds up to 8 relatives' e-cards and
 * shows their dynamic codes. Adding is one transaction: the helper still holds their card,
 * a slot is taken on the helper's counter (`count < 8`), both binding items are put if
 * absent, the relative's card is not cancelled, and (for a relative aged 16+) the
 * relative's passed face verification is consumed. Either side removes the binding; a code
 * issued through it dies with it. The helper gets no way to change the relative's PIN,
 * loss status or channel bindings: there are simply no such endpoints.
 */
import { now } from '../lib/clock.js';
import { TransactionRefused, tableName, transactWrite } from '../lib/ddb.js';
import { logger } from '../lib/logger.js';
import { Conflict, NotFound, Unprocessable } from '../lib/problem.js';
import { effectiveStatus } from '../domain/cardStatus.js';
import { checkFaceUse, FACE_REFUSAL_DETAIL } from '../domain/faceCheck.js';
import { decideFamilyAdd, FAMILY_REFUSAL_DETAIL, type Relationship } from '../domain/family.js';
import type { Session } from '../session/token.js';
import { bindingUserKey } from '../store/binding.js';
import { cardKey, getCard, type CardRecord } from '../store/card.js';
import { getFaceVerification, useFaceVerificationItem } from '../store/faceVerification.js';
import {
  familyCountIncrement,
  familyDeletes,
  familyPuts,
  getFamilyBinding,
  getFamilyCount,
  listFamilyOf,
  listHelpersOf,
  type FamilyBindingRecord,
} from '../store/family.js';
import { issueFamilyCode, type IssuedCode } from './codes.js';
import { CardNotFound, holderCard } from './holder.js';
import { checkRealName } from './register.js';

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

export interface FamilyMemberView {
  memberId: string;
  relationship: Relationship;
  maskedName: string;
  maskedIdNumber: string;
  cardStatus: CardRecord['status'];
  boundAt: string;
}

export interface AddFamilyMemberRequest {
  relationship: Relationship;
  name: string;
  idNumber: string;
  faceVerificationId?: string;
}

function memberView(binding: FamilyBindingRecord, card: CardRecord, at: Date): FamilyMemberView {
  return {
    memberId: binding.relativeCardId,
    relationship: binding.relationship,
    maskedName: card.maskedName,
    maskedIdNumber: card.maskedIdNumber,
    cardStatus: effectiveStatus(card, at),
    boundAt: binding.boundAt,
  };
}

export async function addFamilyMember(session: Session, req: AddFamilyMemberRequest): Promise<FamilyMemberView> {
  const { card: helper } = await holderCard(session);
  const person = await checkRealName(req.name, req.idNumber);
  if (!person.cardId) {
    throw new FamilyRefused('family_relative_no_card', '该亲属尚未申领电子社保卡，请先为其申领。', 'idNumber');
  }
  const at = now();
  const relative = await getCard(person.cardId);
  if (!relative) throw new FamilyRefused('family_relative_no_card', '该亲属尚未申领电子社保卡，请先为其申领。', 'idNumber');
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
  if (effectiveStatus(relative, at) === 'cancelled') {
    throw new FamilyRefused('family_card_cancelled', '该亲属的电子社保卡已注销，不能绑定。', 'idNumber');
  }
  if (await getFamilyBinding(helper.cardId, relative.cardId)) throw new FamilyMemberExists();

  let faceItem: object | undefined;
  if (decision.needsFace) {
    if (!req.faceVerificationId) {
      throw new FamilyRefused('face_verification_required', '添加成年亲属需要该亲属本人的人脸核验。', 'faceVerificationId');
    }
    const face = await getFaceVerification(req.faceVerificationId);
    const refusal = checkFaceUse(
      face,
      { purpose: 'family', channelId: session.channelId, openid: session.openid, subjectIdHash: person.idHash },
      at,
    );
    if (refusal) throw new FamilyRefused(refusal, FACE_REFUSAL_DETAIL[refusal], 'faceVerificationId');
    faceItem = useFaceVerificationItem(face!, at.toISOString(), `family:${helper.cardId}:${relative.cardId}`);
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
  const items = [
    // 0: the helper still holds this card in this channel.
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: bindingUserKey(session.channelId, session.openid),
        ConditionExpression: 'cardId = :card',
        ExpressionAttributeValues: { ':card': helper.cardId },
      },
    },
    // 1: a free slot (count < 8).
    familyCountIncrement(helper.cardId),
    // 2, 3: the binding and its reverse, put if absent.
    ...familyPuts(binding),
    // 4: the relative's card is not cancelled.
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: cardKey(relative.cardId),
        ConditionExpression: 'attribute_exists(pk) AND #s <> :cancelled',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled' },
      },
    },
    // 5: the relative's face verification, consumed.
    ...(faceItem ? [faceItem] : []),
  ];
  try {
    await transactWrite(items);
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    if (err.failedAt(0)) throw new CardNotFound();
    if (err.failedAt(1)) throw new FamilyRefused('family_limit_reached', FAMILY_REFUSAL_DETAIL.family_limit_reached, 'idNumber');
    if (err.failedAt(2) || err.failedAt(3)) throw new FamilyMemberExists();
    if (err.failedAt(4)) throw new FamilyRefused('family_card_cancelled', '该亲属的电子社保卡已注销，不能绑定。', 'idNumber');
    if (err.failedAt(5)) {
      throw new FamilyRefused('face_verification_used', FACE_REFUSAL_DETAIL.face_verification_used, 'faceVerificationId');
    }
    throw new Conflict('concurrent_update', '操作冲突，请重试。');
  }
  logger.info('family member added', {
    helperCardId: helper.cardId,
    relativeCardId: relative.cardId,
    relationship: req.relationship,
    asGuardian: !decision.needsFace,
  });
  return memberView(binding, relative, at);
}

/** GET /v1/family/members: the helper's relatives, masked. */
export async function listFamilyMembers(session: Session): Promise<{ members: FamilyMemberView[] }> {
  const { card: helper } = await holderCard(session);
  const bindings = await listFamilyOf(helper.cardId);
  const cards = await Promise.all(bindings.map((b) => getCard(b.relativeCardId)));
  const at = now();
  const members = bindings
    .map((b, i) => (cards[i] ? memberView(b, cards[i], at) : undefined))
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
  return issueFamilyCode(session, helper.cardId, relative);
}

export interface FamilyHelperView {
  helperId: string;
  relationship: Relationship;
  maskedName: string;
  maskedIdNumber: string;
  boundAt: string;
}

/** The relative's side: who has bound my card (GET /v1/family/helpers). */
export async function listFamilyHelpers(session: Session): Promise<{ helpers: FamilyHelperView[] }> {
  const { card } = await holderCard(session);
  const reverse = await listHelpersOf(card.cardId);
  const cards = await Promise.all(reverse.map((b) => getCard(b.helperCardId)));
  const helpers = reverse
    .map((b, i) =>
      cards[i]
        ? { helperId: b.helperCardId, relationship: b.relationship, maskedName: cards[i].maskedName, maskedIdNumber: cards[i].maskedIdNumber, boundAt: b.boundAt }
        : undefined,
    )
    .filter((h): h is FamilyHelperView => h !== undefined)
    .sort((a, b) => a.boundAt.localeCompare(b.boundAt));
  return { helpers };
}

/** The relative removes a helper (DELETE /v1/family/helpers/{helperId}). */
export async function removeFamilyHelper(session: Session, helperId: string): Promise<void> {
  const { card } = await holderCard(session);
  await removeBinding(helperId, card.cardId, 'relative');
}
