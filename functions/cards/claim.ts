/**
 * Claiming (领卡): real name, real card, real person, a PIN, consent; then one transaction
 * that creates the person's one e-card (or reuses it) and binds it to this channel user.
 */
import { now } from '../core/clock.js';
import { TransactionRefused, tableName, transactWrite } from '../core/table/ddb.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import { Conflict, Unprocessable } from '../core/problem.js';
import { checkPin } from '../holder/pin.rules.js';
import { checkFaceUse, FACE_REFUSAL_DETAIL } from '../face/faceCheck.rules.js';
import { hashPin, verifyPin } from '../core/pii/pinHash.js';
import type { Session } from '../core/session/sessionToken.js';
import { bindingPuts, getBindingOfUser } from '../holder/binding.store.js';
import { cardItem, getCard, type CardRecord } from '../holder/card.store.js';
import { getFaceVerification, useFaceVerificationItem } from '../face/faceVerification.store.js';
import { personKey } from '../holder/person.store.js';
import { cardView, type CardView } from '../holder/cardView.js';
import { checkRealCard, checkRealName } from '../holder/register.js';

/** Which personal-information notice the holder agreed to. */
export const CONSENT_VERSION = '2026-11';
/** Claimed with all three checks: real name, real card, real person. */
const CLAIM_LEVEL = 3;

export class ClaimRefused extends Unprocessable {
  override name = 'ClaimRefused';
  constructor(code: string, detail: string, field: string, message: string) {
    super(code, detail, [{ field, message }]);
  }
}

export class AlreadyClaimed extends Conflict {
  override name = 'AlreadyClaimed';
  constructor(code: 'already_claimed' | 'card_bound_in_channel') {
    super(
      code,
      code === 'already_claimed'
        ? '您在当前渠道已申领电子社保卡。'
        : '该社保卡已在当前渠道由其他账号绑定，请先在原账号解绑。',
    );
  }
}

export interface ClaimRequest {
  name: string;
  idNumber: string;
  faceVerificationId: string;
  pin: string;
  consent: true;
}

export async function claimCard(session: Session, req: ClaimRequest): Promise<CardView> {
  const person = await checkRealName(req.name, req.idNumber);
  checkRealCard(person);
  const pinRule = checkPin(req.pin, person.idNumber);
  if (!pinRule.ok) {
    throw new ClaimRefused('pin_rule_violated', `密码不符合规则：${pinRule.message}`, 'pin', pinRule.message);
  }
  const at = now();
  const face = await getFaceVerification(req.faceVerificationId);
  const refusal = checkFaceUse(
    face,
    { purpose: 'claim', channelId: session.channelId, openid: session.openid, subjectIdHash: person.idHash },
    at,
  );
  if (refusal) throw new ClaimRefused(refusal, FACE_REFUSAL_DETAIL[refusal], 'faceVerificationId', refusal);
  if (await getBindingOfUser(session.channelId, session.openid)) throw new AlreadyClaimed('already_claimed');

  const existing = person.cardId ? await getCard(person.cardId) : undefined;
  if (existing && !(await verifyPin(req.pin, existing.pinHash))) {
    // The e-card exists from another channel: its PIN is the person's, not a new one.
    throw new ClaimRefused('pin_mismatch', '您已在其他渠道申领过电子社保卡，请输入已设置的密码。', 'pin', 'does not match the existing card PIN');
  }
  const card: CardRecord = existing ?? {
    cardId: newId('card'),
    idHash: person.idHash,
    status: 'normal',
    maskedName: person.maskedName,
    maskedIdNumber: person.maskedIdNumber,
    maskedCardNumber: person.maskedCardNumber,
    regionCode: person.regionCode,
    level: CLAIM_LEVEL,
    pinHash: await hashPin(req.pin),
    pinFailures: 0,
    claimedAt: at.toISOString(),
    version: 1,
  };

  const claimFirst = existing
    ? [
        {
          ConditionCheck: {
            TableName: tableName(),
            Key: personKey(person.idHash),
            ConditionExpression: 'cardId = :card',
            ExpressionAttributeValues: { ':card': card.cardId },
          },
        },
        { ConditionCheck: { TableName: tableName(), Key: { pk: `CARD#${card.cardId}`, sk: 'CARD' }, ConditionExpression: 'attribute_exists(pk)' } },
      ]
    : [
        {
          Update: {
            TableName: tableName(),
            Key: personKey(person.idHash),
            UpdateExpression: 'SET cardId = :card',
            ConditionExpression: 'attribute_not_exists(cardId) AND physicalCardStatus = :normal',
            ExpressionAttributeValues: { ':card': card.cardId, ':normal': 'normal' },
          },
        },
        { Put: { TableName: tableName(), Item: cardItem(card), ConditionExpression: 'attribute_not_exists(pk)' } },
      ];
  const items = [
    ...claimFirst,
    ...bindingPuts({
      cardId: card.cardId,
      channelId: session.channelId,
      openid: session.openid,
      boundAt: at.toISOString(),
      consentAt: at.toISOString(),
      consentVersion: CONSENT_VERSION,
    }),
    useFaceVerificationItem(face!, at.toISOString(), `claim:${card.cardId}`),
  ];

  try {
    await transactWrite(items);
  } catch (err) {
    if (!(err instanceof TransactionRefused)) throw err;
    if (err.failedAt(2)) throw new AlreadyClaimed('already_claimed');
    if (err.failedAt(3)) throw new AlreadyClaimed('card_bound_in_channel');
    if (err.failedAt(4)) {
      throw new ClaimRefused('face_verification_used', FACE_REFUSAL_DETAIL.face_verification_used, 'faceVerificationId', 'already used');
    }
    if (err.failedAt(0) && !existing) {
      // Another claim of the same person created the card a moment ago: bind to that one.
      logger.info('claim raced another claim of the same person; retrying against the new card');
      return claimCard(session, req);
    }
    throw new Conflict('concurrent_update', '操作冲突，请重试。');
  }
  logger.info('card claimed', { cardId: card.cardId, channelId: session.channelId, newCard: !existing });
  return cardView(card, at);
}
