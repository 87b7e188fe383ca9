/** E-cards: one per person, shared by every channel the person claimed it in. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { fieldUpdate, newItem, type TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';
import type { PersonRecord } from './person.store.js';

export type CardStatus = 'normal' | 'lost_temporary' | 'lost_formal' | 'cancelled';

export interface LossReport {
  kind: 'temporary' | 'formal';
  reportedAt: string;
  /** Temporary reports lapse at this time. */
  expiresAt?: string;
}

export interface CardRecord {
  cardId: string;
  idHash: string;
  status: CardStatus;
  lossReport?: LossReport;
  /**
   * Counted up by every loss report (absent: 0). A code carries the epoch it was issued in and
   * works only while the card is still in it, so a code shown before a report (a lost phone's
   * screen) never works again, even after the report is lifted or lapses. A count, not a time:
   * no clock of any container decides.
   */
  codesEpoch?: number;
  maskedName: string;
  maskedIdNumber: string;
  maskedCardNumber: string;
  regionCode: string;
  level: number;
  pinHash: string;
  pinFailures: number;
  pinLockedUntil?: string;
  /** The last PIN change or reset. */
  pinChangedAt?: string;
  claimedAt: string;
  /** Claimed by a family helper for this person (亲情服务), with the person's own consent or, for a child, a guardian's. */
  claimedOnBehalf?: OnBehalfClaim;
  /** Bumped by every change, so concurrent writers can't overwrite each other. */
  version: number;
}

export interface OnBehalfClaim {
  helperCardId: string;
  channelId: string;
  /** Whose face was checked and who agreed to the notice: the relative themselves, or the guardian for a child under 16. */
  consentBy: 'relative' | 'guardian';
  consentAt: string;
  consentVersion: string;
  faceVerificationId: string;
}

export const cardKey = (cardId: string) => ({ pk: `CARD#${cardId}`, sk: 'CARD' });

/** Claimed with all three checks: real name, real card, real person. */
export const CLAIM_LEVEL = 3;

/** A person's new e-card: the register's masks and region, the PIN's hash, no failures yet. */
export function newCardRecord(
  person: Pick<PersonRecord, 'idHash' | 'maskedName' | 'maskedIdNumber' | 'maskedCardNumber' | 'regionCode'>,
  cardId: string,
  pinHash: string,
  claimedAt: string,
): CardRecord {
  return {
    cardId,
    idHash: person.idHash,
    status: 'normal',
    maskedName: person.maskedName,
    maskedIdNumber: person.maskedIdNumber,
    maskedCardNumber: person.maskedCardNumber,
    regionCode: person.regionCode,
    level: CLAIM_LEVEL,
    pinHash,
    pinFailures: 0,
    claimedAt,
    version: 1,
  };
}

export async function getCard(cardId: string): Promise<CardRecord | undefined> {
  return getRecord<CardRecord>(cardKey(cardId));
}

/** A new card, never overwriting one. */
export function cardPut(card: CardRecord): TransactItem {
  return { Put: newItem(cardKey(card.cardId), 'card', card) };
}

/** The stored item of a card (the seed writes it in batches). */
export function cardItem(card: CardRecord): Record<string, unknown> {
  return newItem(cardKey(card.cardId), 'card', card).Item;
}

/** The card exists. */
export function cardExistsCheck(cardId: string): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: cardKey(cardId), ConditionExpression: 'attribute_exists(pk)' } };
}

/** The card exists and is not cancelled (a lost card may still be bound by family). */
export function cardNotCancelledCheck(cardId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: cardKey(cardId),
      ConditionExpression: 'attribute_exists(pk) AND #s <> :cancelled',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled' },
    },
  };
}

/** The card's codes epoch is still `epoch` (core of cardUsableCheck and of code issue). */
function epochCondition(epoch: number): string {
  return epoch === 0 ? '(attribute_not_exists(codesEpoch) OR codesEpoch = :epoch)' : 'codesEpoch = :epoch';
}

/**
 * The card is usable at `nowIso` for a code of codes epoch `epoch`: normal, or a temporary loss
 * report that has lapsed; and no loss report since the code was issued.
 */
export function cardUsableCheck(cardId: string, nowIso: string, epoch: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: cardKey(cardId),
      ConditionExpression: `(#s = :normal OR (#s = :temp AND lossReport.expiresAt <= :now)) AND ${epochCondition(epoch)}`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':normal': 'normal', ':temp': 'lost_temporary', ':now': nowIso, ':epoch': epoch },
    },
  };
}

/** Lifts a loss report, if the card is still at `expectedVersion`. */
export function cardLiftUpdate(cardId: string, expectedVersion: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: cardKey(cardId),
      UpdateExpression: 'SET #status = :normal, #version = #version + :one REMOVE lossReport',
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':normal': 'normal', ':one': 1, ':expected': expectedVersion },
    },
  };
}

/**
 * Writes the given fields (and removes `remove`) if the card is still at `expectedVersion`,
 * as one part of a transaction (a change that emits an event with it).
 */
export function cardChange(
  cardId: string,
  expectedVersion: number,
  set: Partial<Omit<CardRecord, 'cardId' | 'version'>>,
  remove: (keyof CardRecord)[] = [],
): TransactItem & { Update: NonNullable<TransactItem['Update']> } {
  const first = { sets: ['#version = #version + :one'], names: { '#version': 'version' }, values: { ':expected': expectedVersion, ':one': 1 } };
  return {
    Update: {
      TableName: tableName(),
      Key: cardKey(cardId),
      ...fieldUpdate(first, set, remove),
      ConditionExpression: '#version = :expected',
    },
  };
}

/**
 * As `cardChange`, written on its own. Returns false when someone else changed the card first.
 */
export async function updateCard(
  cardId: string,
  expectedVersion: number,
  set: Partial<Omit<CardRecord, 'cardId' | 'version'>>,
  remove: (keyof CardRecord)[] = [],
): Promise<boolean> {
  try {
    await ddb().send(new UpdateCommand(cardChange(cardId, expectedVersion, set, remove).Update));
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

// --- the PIN's failure counter ------------------------------------------------------------

export type PinAttempt = { ok: true; failures: number } | { ok: false; lockedUntil?: string; pinChanged?: true };

/**
 * Takes one of the PIN's attempts before the PIN is compared: counts it as a failure at
 * once, only while fewer than `max` are counted and the PIN is not locked (one conditional
 * update, so concurrent guesses never get more than `max` comparisons). A right PIN then
 * clears the count (`clearPinFailures`). Every step names the PIN hash it compares against:
 * a PIN changed or reset meanwhile starts a new count, which guesses at the old PIN never
 * touch (a reset racing wrong attempts cannot be locked again by them).
 */
export async function reservePinAttempt(cardId: string, max: number, nowIso: string, pinHash: string): Promise<PinAttempt> {
  try {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: cardKey(cardId),
        UpdateExpression: 'SET pinFailures = if_not_exists(pinFailures, :zero) + :one',
        ConditionExpression:
          'pinHash = :hash AND (attribute_not_exists(pinFailures) OR pinFailures < :max) AND (attribute_not_exists(pinLockedUntil) OR pinLockedUntil <= :now)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': max, ':now': nowIso, ':hash': pinHash },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { ok: true, failures: out.Attributes?.pinFailures as number };
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
    const item = (err as { Item?: Record<string, { S?: string }> }).Item;
    if (item?.pinHash?.S !== undefined && item.pinHash.S !== pinHash) return { ok: false, pinChanged: true };
    const until = item?.pinLockedUntil?.S;
    return { ok: false, ...(until && until > nowIso ? { lockedUntil: until } : {}) };
  }
}

/** Runs a counter update only while the PIN is still `pinHash`; false when it changed meanwhile. */
async function updatePinCounter(cardId: string, pinHash: string, update: string, values: Record<string, unknown>): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: cardKey(cardId),
        UpdateExpression: update,
        ConditionExpression: 'pinHash = :hash',
        ExpressionAttributeValues: { ...values, ':hash': pinHash },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** Locks the PIN until `until` and starts counting again from zero (unless the PIN changed meanwhile: false). */
export function lockPin(cardId: string, until: string, pinHash: string): Promise<boolean> {
  return updatePinCounter(cardId, pinHash, 'SET pinLockedUntil = :until, pinFailures = :zero', { ':until': until, ':zero': 0 });
}

/** A right PIN clears the count of wrong ones (its own reserved attempt included); false when the PIN changed meanwhile. */
export function clearPinFailures(cardId: string, pinHash: string): Promise<boolean> {
  return updatePinCounter(cardId, pinHash, 'SET pinFailures = :zero', { ':zero': 0 });
}

/**
 * A new PIN (changed with the current one, or reset by face), if the card is still at
 * `expectedVersion`: the count of wrong PINs and any lock go with the old PIN.
 */
export function pinSetChange(cardId: string, expectedVersion: number, pinHash: string, at: string) {
  return cardChange(cardId, expectedVersion, { pinHash, pinFailures: 0, pinChangedAt: at }, ['pinLockedUntil']);
}
