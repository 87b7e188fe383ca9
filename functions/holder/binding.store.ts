/**
 * Bindings of a card to a channel user. Two items per binding, written together:
 * the user side answers "which card is this user's" and the card side guarantees one
 * binding per card and channel. The user side also points at the live codes issued
 * through it (`currentCode`, `offlineBatch`): a newer code voids the older one.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';
import { newItem, type TransactItem } from '../core/table/item.js';
import { getRecord, queryPrefix } from '../core/table/records.js';

export interface BindingRecord {
  cardId: string;
  channelId: string;
  openid: string;
  boundAt: string;
  consentAt: string;
  consentVersion: string;
  /** The live online code issued through this binding; a newer one replaces it. */
  currentCode?: string;
  /** The live batch of offline codes. */
  offlineBatch?: string;
  /** The channel's pairwise reference of the holder (partners/holderRef.ts), kept so the holder's app can tell an embedding host. */
  holderRef?: string;
  /** The last session of this channel user (card side; 授权管理 shows it). */
  lastUsedAt?: string;
}

export const bindingUserKey = (channelId: string, openid: string) => ({
  pk: `CHANNELUSER#${channelId}#${openid}`,
  sk: 'BINDING',
});
export const bindingCardKey = (cardId: string, channelId: string) => ({
  pk: `CARD#${cardId}`,
  sk: `BINDING#${channelId}`,
});

export async function getBindingOfUser(channelId: string, openid: string): Promise<BindingRecord | undefined> {
  return getRecord<BindingRecord>(bindingUserKey(channelId, openid));
}

/** The binding of a card in a channel (the card side), whoever the channel user is. */
export async function getBindingOfCard(cardId: string, channelId: string): Promise<BindingRecord | undefined> {
  return getRecord<BindingRecord>(bindingCardKey(cardId, channelId));
}

export async function listBindingsOfCard(cardId: string): Promise<BindingRecord[]> {
  return queryPrefix<BindingRecord>(`CARD#${cardId}`, 'BINDING#');
}

/** The two Put operations of a new binding: [user side, card side], each refusing to overwrite. */
export function bindingPuts(binding: BindingRecord): { userSide: TransactItem; cardSide: TransactItem } {
  return {
    userSide: { Put: newItem(bindingUserKey(binding.channelId, binding.openid), 'binding', binding) },
    cardSide: { Put: newItem(bindingCardKey(binding.cardId, binding.channelId), 'binding', binding) },
  };
}

/** The two Delete operations that remove a binding; the user side must still be this card's. */
export function bindingDeletes(binding: Pick<BindingRecord, 'cardId' | 'channelId' | 'openid'>): TransactItem[] {
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: bindingUserKey(binding.channelId, binding.openid),
        ConditionExpression: 'cardId = :card',
        ExpressionAttributeValues: { ':card': binding.cardId },
      },
    },
    { Delete: { TableName: tableName(), Key: bindingCardKey(binding.cardId, binding.channelId) } },
  ];
}

/**
 * The one "this channel user still holds this card" check, for every transaction that
 * acts for a holder after reading their binding (a family add, a family code, its use).
 */
export function bindingStillHolds(channelId: string, openid: string, cardId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: bindingUserKey(channelId, openid),
      ConditionExpression: 'cardId = :card',
      ExpressionAttributeValues: { ':card': cardId },
    },
  };
}

/** A session of the channel user began: the binding's last use, on the card side (best effort, once per session). */
export async function touchBinding(cardId: string, channelId: string, at: string): Promise<void> {
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: bindingCardKey(cardId, channelId),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    )
    .catch((err) => {
      if (!isConditionFailed(err)) throw err;
    });
}

export type CodePointer = 'currentCode' | 'offlineBatch';

/** Points the binding at a new code (or batch), which voids the previous one; the binding must still hold the card. */
export function bindingRepoint(channelId: string, openid: string, cardId: string, pointer: CodePointer, value: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: bindingUserKey(channelId, openid),
      UpdateExpression: `SET ${pointer} = :value`,
      ConditionExpression: 'cardId = :card',
      ExpressionAttributeValues: { ':value': value, ':card': cardId },
    },
  };
}

/** When a code is used: the binding still holds the card and still points at the code (or its batch). */
export function bindingPointsAt(channelId: string, openid: string, cardId: string, pointer: CodePointer, value: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: bindingUserKey(channelId, openid),
      ConditionExpression: `cardId = :card AND ${pointer} = :v`,
      ExpressionAttributeValues: { ':card': cardId, ':v': value },
    },
  };
}
