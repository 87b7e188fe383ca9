/**
 * Issuing dynamic codes to a holder: one online code (voiding the previous one), a small
 * batch of offline codes, or (family service) a relative's code issued by their helper.
 * Each is one transaction: the code(s) put and the binding repointed at them.
 */
import { ttlFrom } from '../core/retention.js';
import { randomInt } from 'node:crypto';
import { epochSeconds, now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { familyCodePointer, familyErrors, type FamilyBindingRecord } from '../family/index.js';
import { bindingRepoint, bindingStillHolds, cardUsableCheck, effectiveStatus, holderCard, holderErrors, type CardRecord } from '../holder/index.js';
import { codePut, type CodeRecord } from './code.store.js';
import {
  makeCode,
  offlineCodeLimits,
  OFFLINE_BATCH_SIZE,
  ONLINE_CODE_REFRESH_MS,
  ONLINE_CODE_VALID_MS,
  RANDOM_DIGITS,
  type CodeKind,
} from './dynamicCode.rules.js';
import { holderEventPart } from '../notifications/index.js';


function randomDigits(): string {
  let out = '';
  for (let i = 0; i < RANDOM_DIGITS; i++) out += randomInt(10).toString();
  return out;
}

/** A code is issued only for a card usable now. */
export function requireUsable(card: CardRecord, at: Date): void {
  const status = effectiveStatus(card, at);
  if (status === 'cancelled') throw holderErrors.problem('card_cancelled', { errors: [{ field: 'code', message: 'card_cancelled' }] });
  if (status !== 'normal') throw holderErrors.problem('card_lost', { errors: [{ field: 'code', message: 'card_lost' }] });
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
    cardEpoch: card.codesEpoch ?? 0,
    expiresAt: expiresAt.toISOString(),
    status: 'active',
    ttl: ttlFrom('code', epochSeconds(expiresAt)),
  };
}

export interface IssuedCode {
  code: string;
  expiresAt: string;
  refreshAt: string;
}

/** The binding went away between the read and the write: the channel was just unbound. */
const bindingGone = () => holderErrors.problem('card_not_found');
/** A loss report (or cancellation) landed between the read and the write. */
const cardChanged = () => holderErrors.problem('card_lost', { errors: [{ field: 'code', message: 'card_lost' }] });

export async function issueCode(session: Session): Promise<IssuedCode> {
  const { card } = await holderCard(session);
  const at = now();
  requireUsable(card, at);
  const record = codeRecord(card, session, 'online', at, ONLINE_CODE_VALID_MS);
  const refusal = await attemptTransact([
    ['code', codePut(record)],
    ['binding', bindingRepoint(session.channelId, session.openid, card.cardId, 'currentCode', record.code)],
    // No loss report since the card was read (it would leave this code in the old epoch).
    ['card', cardUsableCheck(card.cardId, at.toISOString(), record.cardEpoch ?? 0)],
  ]);
  if (refusal?.refused('card')) throw cardChanged();
  if (refusal) throw bindingGone();
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
  const refusal = await attemptTransact([
    ['codes', records.map(codePut)],
    ['binding', bindingRepoint(session.channelId, session.openid, card.cardId, 'offlineBatch', batchId)],
    ['card', cardUsableCheck(card.cardId, at.toISOString(), card.codesEpoch ?? 0)],
  ]);
  if (refusal?.refused('card')) throw cardChanged();
  if (refusal) throw bindingGone();
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

/** Issues an online code for `relative`'s card through the helper's family binding. */
export async function issueFamilyCode(
  session: Session,
  binding: Pick<FamilyBindingRecord, 'helperCardId' | 'relationship'>,
  relative: CardRecord,
): Promise<IssuedCode> {
  const { helperCardId } = binding;
  const at = now();
  requireUsable(relative, at);
  const record: CodeRecord = {
    ...codeRecord(relative, session, 'online', at, ONLINE_CODE_VALID_MS),
    issuedByCardId: helperCardId,
    relationship: binding.relationship,
  };
  const refusal = await attemptTransact([
    ['code', codePut(record)],
    ['familyBinding', familyCodePointer(helperCardId, relative.cardId, record.code)],
    // The helper must still hold that card in this channel.
    ['helperBinding', bindingStillHolds(session.channelId, session.openid, helperCardId)],
    ['card', cardUsableCheck(relative.cardId, at.toISOString(), relative.codesEpoch ?? 0)],
    // The relative is told; a helper refreshing the code every minute makes one notice an hour.
    ['notice', holderEventPart('family_code_shown', relative.cardId, at, { relationship: binding.relationship }, `family_code:${helperCardId}:${at.toISOString().slice(0, 13)}`)],
  ]);
  if (refusal?.refused('card')) throw cardChanged();
  if (refusal?.refused('familyBinding')) throw familyErrors.problem('family_member_not_found');
  if (refusal) throw bindingGone();
  logger.info('family code issued', { cardId: relative.cardId, issuedByCardId: helperCardId, channelId: session.channelId });
  return {
    code: record.code,
    expiresAt: record.expiresAt,
    refreshAt: new Date(at.getTime() + ONLINE_CODE_REFRESH_MS).toISOString(),
  };
}
