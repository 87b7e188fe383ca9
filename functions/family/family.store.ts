/**
 * Family bindings (亲情服务): a helper's card bound to a relative's card. Three kinds of item:
 *   - `CARD#<helperCardId>` / `FAMILY#<relativeCardId>`: the binding, helper side (the helper
 *     lists and unbinds with it; `currentCode` is the live code issued through it);
 *   - `CARD#<relativeCardId>` / `FAMILYOF#<helperCardId>`: the reverse item, so the relative
 *     can list their helpers and remove one;
 *   - `CARD#<helperCardId>` / `FAMILYCOUNT`: how many relatives the helper has bound. A
 *     separate counter item (not a field on the card item), so family changes never race the
 *     card's versioned updates (PIN, loss reports); every add increments it under
 *     `count < 8` in the same transaction as the binding puts, every removal decrements it.
 */
import { tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getItem, getRecord, queryPrefix } from '../core/table/records.js';
import { MAX_FAMILY_MEMBERS, type Relationship } from './family.rules.js';

export interface FamilyBindingRecord {
  helperCardId: string;
  relativeCardId: string;
  relationship: Relationship;
  boundAt: string;
  /** The channel user who added the relative. */
  boundByChannelId: string;
  boundByOpenid: string;
  /** The relative's face verification consumed by the add; absent for a child added by a guardian. */
  faceVerificationId?: string;
  addedAsGuardian?: boolean;
  /** The relative's e-card was claimed by the helper in the same step (代为申领). */
  claimedForRelative?: boolean;
  /** Added by the relative accepting an invitation in their own account (no face on the helper's phone). */
  confirmedByRelative?: { channelId: string; at: string; invitationId: string };
  /** The live code issued through this binding (helper side only). */
  currentCode?: string;
  /** Family sharing (家庭共济), on both items: the helper's account may pay the relative's bills. */
  helperAccountShared?: boolean;
  /** ... and the relative's account may pay the helper's bills. */
  relativeAccountShared?: boolean;
}

export type SharingFlag = 'helperAccountShared' | 'relativeAccountShared';

export const familyKey = (helperCardId: string, relativeCardId: string) => ({
  pk: `CARD#${helperCardId}`,
  sk: `FAMILY#${relativeCardId}`,
});
export const familyOfKey = (relativeCardId: string, helperCardId: string) => ({
  pk: `CARD#${relativeCardId}`,
  sk: `FAMILYOF#${helperCardId}`,
});
export const familyCountKey = (helperCardId: string) => ({ pk: `CARD#${helperCardId}`, sk: 'FAMILYCOUNT' });

export async function getFamilyBinding(helperCardId: string, relativeCardId: string): Promise<FamilyBindingRecord | undefined> {
  return getRecord<FamilyBindingRecord>(familyKey(helperCardId, relativeCardId));
}

/** The relatives a helper has bound (helper side items). */
export const listFamilyOf = (helperCardId: string) => queryPrefix<FamilyBindingRecord>(`CARD#${helperCardId}`, 'FAMILY#');
/** The helpers who have bound this card (reverse items). */
export const listHelpersOf = (relativeCardId: string) => queryPrefix<FamilyBindingRecord>(`CARD#${relativeCardId}`, 'FAMILYOF#');

export async function getFamilyCount(helperCardId: string): Promise<number> {
  return ((await getItem(familyCountKey(helperCardId)))?.count as number | undefined) ?? 0;
}

/** Takes one of the helper's slots, only while fewer than 8 are taken. */
export function familyCountIncrement(helperCardId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: familyCountKey(helperCardId),
      UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one, #t = :type',
      ConditionExpression: 'attribute_not_exists(#c) OR #c < :max',
      ExpressionAttributeNames: { '#c': 'count', '#t': 'type' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': MAX_FAMILY_MEMBERS, ':type': 'familyCount' },
    },
  };
}

/** Gives a slot back. */
export function familyCountDecrement(helperCardId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: familyCountKey(helperCardId),
      UpdateExpression: 'SET #c = #c - :one',
      ConditionExpression: '#c > :zero',
      ExpressionAttributeNames: { '#c': 'count' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    },
  };
}

/** The two puts of a new binding (helper side, reverse), each put-if-absent. */
export function familyPuts(binding: FamilyBindingRecord): { helperSide: TransactItem; relativeSide: TransactItem } {
  return {
    helperSide: { Put: newItem(familyKey(binding.helperCardId, binding.relativeCardId), 'family', binding) },
    relativeSide: { Put: newItem(familyOfKey(binding.relativeCardId, binding.helperCardId), 'familyOf', binding) },
  };
}

/** Removing a binding: both items (the helper side must exist) and the slot. */
export function familyDeletes(helperCardId: string, relativeCardId: string): { binding: TransactItem[]; slot: TransactItem } {
  return {
    binding: [
      {
        Delete: {
          TableName: tableName(),
          Key: familyKey(helperCardId, relativeCardId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      { Delete: { TableName: tableName(), Key: familyOfKey(relativeCardId, helperCardId) } },
    ],
    slot: familyCountDecrement(helperCardId),
  };
}

/** Points the binding at a newly issued code (voiding the previous one), if the binding exists. */
export function familyCodePointer(helperCardId: string, relativeCardId: string, code: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: familyKey(helperCardId, relativeCardId),
      UpdateExpression: 'SET currentCode = :code',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':code': code },
    },
  };
}

/** When a family code is consumed: the binding still exists and still points at this code. */
export function familyCodeCheck(helperCardId: string, relativeCardId: string, code: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: familyKey(helperCardId, relativeCardId),
      ConditionExpression: 'currentCode = :code',
      ExpressionAttributeValues: { ':code': code },
    },
  };
}

/** Sets a sharing flag on both items of a binding, which must exist. */
export function familySharingUpdates(helperCardId: string, relativeCardId: string, flag: SharingFlag, allowed: boolean, at: string): TransactItem[] {
  return [familyKey(helperCardId, relativeCardId), familyOfKey(relativeCardId, helperCardId)].map((Key) => ({
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: 'SET #f = :allowed, sharingChangedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#f': flag },
      ExpressionAttributeValues: { ':allowed': allowed, ':at': at },
    },
  }));
}

/** At settling: the binding still allows this account to pay. */
export function familySharingCheck(helperCardId: string, relativeCardId: string, flag: SharingFlag): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: familyKey(helperCardId, relativeCardId),
      ConditionExpression: '#f = :yes',
      ExpressionAttributeNames: { '#f': flag },
      ExpressionAttributeValues: { ':yes': true },
    },
  };
}

export interface SharingGrant {
  /** The card whose account pays. */
  payerCardId: string;
  helperCardId: string;
  relativeCardId: string;
  flag: SharingFlag;
  boundAt: string;
}

/** Every family account that may pay bills of `cardId`, from both sides of its bindings. */
export async function listSharingGrantsFor(cardId: string): Promise<SharingGrant[]> {
  const [asHelper, asRelative] = await Promise.all([listFamilyOf(cardId), listHelpersOf(cardId)]);
  return [
    // cardId is the helper: its relatives who share their account with it.
    ...asHelper
      .filter((b) => b.relativeAccountShared === true)
      .map((b) => ({ payerCardId: b.relativeCardId, helperCardId: b.helperCardId, relativeCardId: b.relativeCardId, flag: 'relativeAccountShared' as const, boundAt: b.boundAt })),
    // cardId is the relative: its helpers who share their account with it.
    ...asRelative
      .filter((b) => b.helperAccountShared === true)
      .map((b) => ({ payerCardId: b.helperCardId, helperCardId: b.helperCardId, relativeCardId: b.relativeCardId, flag: 'helperAccountShared' as const, boundAt: b.boundAt })),
  ];
}
