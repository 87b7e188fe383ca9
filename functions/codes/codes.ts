/**
 * Dynamic codes: issued to a holder, consumed once by a terminal. Consuming is one
 * transaction that also checks, atomically, that the binding still points at this code
 * (not voided by a newer code or an unbinding) and that the card is usable right now.
 */
import { randomInt } from 'node:crypto';
import { epochSeconds, now } from '../core/clock.js';
import { TransactionRefused, tableName, transactWrite } from '../core/table/ddb.js';
import { logger } from '../core/logger.js';
import { NotFound, ProblemError, Unprocessable } from '../core/problem.js';
import { effectiveStatus } from '../holder/cardStatus.rules.js';
import {
  checkOfflineUse,
  makeCode,
  offlineCodeLimits,
  OFFLINE_BATCH_SIZE,
  ONLINE_CODE_REFRESH_MS,
  ONLINE_CODE_VALID_MS,
  parseCode,
  RANDOM_DIGITS,
  type BusinessType,
  type CodeKind,
} from './dynamicCode.rules.js';
import { newId } from '../core/ids.js';
import type { Session } from '../core/session/sessionToken.js';
import { bindingUserKey, getBindingOfUser } from '../holder/binding.store.js';
import { cardKey, getCard, type CardRecord } from '../holder/card.store.js';
import { codePut, consumeCodeItem, getCode, type CodeRecord } from './code.store.js';
import { holderCard } from '../holder/holderCard.js';
import { familyCodeCheck, familyCodePointer, getFamilyBinding, type FamilyBindingRecord } from '../family/family.store.js';
import type { Relationship } from '../family/family.rules.js';

/** Codes are kept a day after expiry for tracing, then TTL removes them. */
const CODE_RETENTION_S = 86_400;

export class CodeRefused extends ProblemError {
  override name = 'CodeRefused';
  constructor(status: number, code: string, detail: string) {
    super(status, code, detail, { errors: [{ field: 'code', message: code }] });
  }
}

const REFUSALS: Record<string, [number, string]> = {
  code_malformed: [400, '付款码格式不正确，请重新扫码。'],
  code_unknown: [404, '付款码无效。'],
  code_expired: [422, '付款码已过期，请让参保人刷新后重新扫码。'],
  code_used: [422, '付款码已使用，请让参保人刷新后重新扫码。'],
  code_voided: [422, '付款码已失效（已刷新或已解绑），请重新扫码。'],
  card_lost: [422, '该社保卡已挂失，不能使用。'],
  card_cancelled: [422, '该社保卡已注销，不能使用。'],
  offline_code_business_type: [422, '离线码只能用于查询和小额支付。'],
  offline_code_amount_limit: [422, `离线码单笔支付不能超过${offlineCodeLimits.maxPaymentFen / 100}元，请让参保人联网刷新付款码。`],
};

export function refuseCode(code: keyof typeof REFUSALS): CodeRefused {
  const [status, detail] = REFUSALS[code]!;
  return new CodeRefused(status, code, detail);
}

function randomDigits(): string {
  let out = '';
  for (let i = 0; i < RANDOM_DIGITS; i++) out += randomInt(10).toString();
  return out;
}

function requireUsable(card: CardRecord, at: Date): void {
  const status = effectiveStatus(card, at);
  if (status === 'cancelled') throw refuseCode('card_cancelled');
  if (status !== 'normal') throw refuseCode('card_lost');
}

function codeRecord(card: CardRecord, session: Session, kind: CodeKind, issuedAt: Date, validMs: number, batchId?: string): CodeRecord {
  const expiresAt = new Date(issuedAt.getTime() + validMs);
  return {
    code: makeCode(randomDigits(), kind),
    kind,
    cardId: card.cardId,
    channelId: session.channelId,
    openid: session.openid,
    ...(batchId ? { batchId } : {}),
    idHash: card.idHash,
    maskedName: card.maskedName,
    maskedIdNumber: card.maskedIdNumber,
    regionCode: card.regionCode,
    level: card.level,
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    status: 'active',
    ttl: epochSeconds(expiresAt) + CODE_RETENTION_S,
  };
}

/** Points the binding at the new code (or batch), which voids the previous one. */
function repointBinding(session: Session, cardId: string, field: 'currentCode' | 'offlineBatch', value: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: bindingUserKey(session.channelId, session.openid),
      UpdateExpression: `SET ${field} = :value`,
      ConditionExpression: 'cardId = :card',
      ExpressionAttributeValues: { ':value': value, ':card': cardId },
    },
  };
}

export interface IssuedCode {
  code: string;
  expiresAt: string;
  refreshAt: string;
}

export async function issueCode(session: Session): Promise<IssuedCode> {
  const { card } = await holderCard(session);
  const at = now();
  requireUsable(card, at);
  const record = codeRecord(card, session, 'online', at, ONLINE_CODE_VALID_MS);
  await writeCodes([record], repointBinding(session, card.cardId, 'currentCode', record.code));
  logger.info('code issued', { cardId: card.cardId, channelId: session.channelId, kind: 'online' });
  return {
    code: record.code,
    expiresAt: record.expiresAt,
    refreshAt: new Date(at.getTime() + ONLINE_CODE_REFRESH_MS).toISOString(),
  };
}

export async function issueOfflineBatch(session: Session) {
  const { card } = await holderCard(session);
  const at = now();
  requireUsable(card, at);
  const batchId = newId('ob');
  const records = Array.from({ length: OFFLINE_BATCH_SIZE }, () =>
    codeRecord(card, session, 'offline', at, offlineCodeLimits.validForMs, batchId),
  );
  await writeCodes(records, repointBinding(session, card.cardId, 'offlineBatch', batchId));
  logger.info('offline codes issued', { cardId: card.cardId, channelId: session.channelId, count: records.length });
  return {
    batchId,
    codes: records.map((r) => ({ code: r.code, expiresAt: r.expiresAt })),
    limits: {
      businessTypes: offlineCodeLimits.businessTypes,
      maxPaymentFen: offlineCodeLimits.maxPaymentFen,
      validForSeconds: offlineCodeLimits.validForMs / 1000,
    },
  };
}

/**
 * Family service (亲情服务): fields a code issued by a helper for a relative's card carries.
 * The code is the relative's (`cardId`); `channelId`/`openid` are the helper's session and
 * `issuedByCardId` the helper's card, so it is traceable to the helper. It is live while the
 * family binding helper → relative points at it (`currentCode` on that item).
 */
export interface FamilyCodeFields {
  issuedByCardId?: string;
  /** The relative's relationship to the helper, as bound (shown on the bill the helper confirms). */
  relationship?: Relationship;
}

/** Issues an online code for `relative`'s card through the helper's family binding. */
export async function issueFamilyCode(
  session: Session,
  binding: Pick<FamilyBindingRecord, 'helperCardId' | 'relationship'>,
  relative: CardRecord,
): Promise<IssuedCode> {
  const { helperCardId } = binding;
  const at = now();
  requireUsable(relative, at);
  const record: CodeRecord & FamilyCodeFields = {
    ...codeRecord(relative, session, 'online', at, ONLINE_CODE_VALID_MS),
    issuedByCardId: helperCardId,
    relationship: binding.relationship,
  };
  try {
    await transactWrite([
      codePut(record),
      familyCodePointer(helperCardId, relative.cardId, record.code),
      // The helper must still hold that card in this channel.
      helperStillBound(session.channelId, session.openid, helperCardId),
    ]);
  } catch (err) {
    if (err instanceof TransactionRefused && err.failedAt(1)) throw new NotFound('family_member_not_found', '未找到该亲属绑定。');
    if (err instanceof TransactionRefused && err.failedAt(2)) throw new Unprocessable('card_not_found', '当前渠道尚未申领电子社保卡。');
    throw err;
  }
  logger.info('family code issued', { cardId: relative.cardId, issuedByCardId: helperCardId, channelId: session.channelId });
  return {
    code: record.code,
    expiresAt: record.expiresAt,
    refreshAt: new Date(at.getTime() + ONLINE_CODE_REFRESH_MS).toISOString(),
  };
}

async function writeCodes(records: CodeRecord[], binding: object): Promise<void> {
  try {
    await transactWrite([...records.map(codePut), binding]);
  } catch (err) {
    // The binding went away between the read and the write: the channel was just unbound.
    if (err instanceof TransactionRefused && err.failedAt(records.length)) {
      throw new Unprocessable('card_not_found', '当前渠道尚未申领电子社保卡。');
    }
    throw err;
  }
}

/**
 * The transaction items that consume a code: the code itself, its binding still pointing
 * at it, and its card usable. Callers add their own items (a settlement) after these.
 */
export function consumeCodeItems(record: CodeRecord & FamilyCodeFields, at: Date, usedBy: string) {
  const nowIso = at.toISOString();
  const pointer =
    record.kind === 'online'
      ? { cond: 'currentCode = :v', value: record.code }
      : { cond: 'offlineBatch = :v', value: record.batchId! };
  return [
    consumeCodeItem(record.code, nowIso, usedBy),
    // Family service: the family binding it was issued through, in the binding's place.
    record.issuedByCardId
      ? familyCodeCheck(record.issuedByCardId, record.cardId, record.code)
      : {
          ConditionCheck: {
            TableName: tableName(),
            Key: bindingUserKey(record.channelId, record.openid),
            ConditionExpression: `cardId = :card AND ${pointer.cond}`,
            ExpressionAttributeValues: { ':card': record.cardId, ':v': pointer.value },
          },
        },
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: cardKey(record.cardId),
        ConditionExpression: '#s = :normal OR (#s = :temp AND lossReport.expiresAt <= :now)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':normal': 'normal', ':temp': 'lost_temporary', ':now': nowIso },
      },
    },
    // Family service: the helper still holds their own card in the channel the code went to.
    ...(record.issuedByCardId ? [helperStillBound(record.channelId, record.openid, record.issuedByCardId)] : []),
  ];
}

function helperStillBound(channelId: string, openid: string, helperCardId: string) {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: bindingUserKey(channelId, openid),
      ConditionExpression: 'cardId = :card',
      ExpressionAttributeValues: { ':card': helperCardId },
    },
  };
}

/** Reads a scanned code; refuses malformed and unknown codes and offline codes out of their limits. */
export async function lookUpCode(raw: string, businessType: BusinessType, amountFen?: number): Promise<CodeRecord> {
  const parsed = parseCode(raw);
  if (!parsed.ok) throw refuseCode('code_malformed');
  const record = await getCode(parsed.code);
  if (!record) throw refuseCode('code_unknown');
  const offline = checkOfflineUse(record.kind, businessType, amountFen);
  if (offline) throw refuseCode(offline);
  return record;
}

/** After a refused consume: find which check failed, to tell the terminal exactly why. */
export async function explainConsumeFailure(record: CodeRecord & FamilyCodeFields, at: Date): Promise<CodeRefused> {
  if (record.issuedByCardId) {
    const [current, family, card, helper] = await Promise.all([
      getCode(record.code),
      getFamilyBinding(record.issuedByCardId, record.cardId),
      getCard(record.cardId),
      getBindingOfUser(record.channelId, record.openid),
    ]);
    if (current?.status === 'used') return refuseCode('code_used');
    if (!current || current.expiresAt <= at.toISOString()) return refuseCode('code_expired');
    if (family?.currentCode !== record.code || helper?.cardId !== record.issuedByCardId) return refuseCode('code_voided');
    if (card && effectiveStatus(card, at) === 'cancelled') return refuseCode('card_cancelled');
    return refuseCode('card_lost');
  }
  const [current, binding, card] = await Promise.all([
    getCode(record.code),
    getBindingOfUser(record.channelId, record.openid),
    getCard(record.cardId),
  ]);
  if (current?.status === 'used') return refuseCode('code_used');
  if (!current || current.expiresAt <= at.toISOString()) return refuseCode('code_expired');
  const pointer = record.kind === 'online' ? binding?.currentCode : binding?.offlineBatch;
  if (!binding || binding.cardId !== record.cardId || pointer !== (record.kind === 'online' ? record.code : record.batchId)) {
    return refuseCode('code_voided');
  }
  if (card && effectiveStatus(card, at) === 'cancelled') return refuseCode('card_cancelled');
  return refuseCode('card_lost');
}

export interface VerifiedCode {
  cardId: string;
  maskedName: string;
  maskedIdNumber: string;
  status: 'normal';
  level: number;
  region: string;
  businessType: BusinessType;
  codeKind: CodeKind;
}

/** POST /v1/terminal/code-verifications: consumes the code and returns the card's identity. */
export async function verifyCode(institutionId: string, raw: string, businessType: BusinessType): Promise<VerifiedCode> {
  const record = await lookUpCode(raw, businessType);
  const at = now();
  try {
    await transactWrite(consumeCodeItems(record, at, `verification:${institutionId}:${businessType}`));
  } catch (err) {
    if (err instanceof TransactionRefused) throw await explainConsumeFailure(record, at);
    throw err;
  }
  logger.info('code verified', { cardId: record.cardId, institutionId, businessType, kind: record.kind });
  return {
    cardId: record.cardId,
    maskedName: record.maskedName,
    maskedIdNumber: record.maskedIdNumber,
    status: 'normal',
    level: record.level,
    region: record.regionCode,
    businessType,
    codeKind: record.kind,
  };
}
