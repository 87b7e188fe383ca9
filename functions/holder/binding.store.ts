/**
 * Bindings of a card to a channel user. Two items per binding, written together:
 * the user side answers "which card is this user's" and the card side guarantees one
 * binding per card and channel.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';

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
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: bindingUserKey(channelId, openid), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ...rest } = out.Item;
  return rest as BindingRecord;
}

export async function listBindingsOfCard(cardId: string): Promise<BindingRecord[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CARD#${cardId}`, ':prefix': 'BINDING#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(({ pk: _pk, sk: _sk, type: _type, ...rest }) => rest as BindingRecord);
}

/** The two Put operations of a new binding, each refusing to overwrite. */
export function bindingPuts(binding: BindingRecord) {
  const item = { type: 'binding', ...binding };
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...bindingUserKey(binding.channelId, binding.openid), ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...bindingCardKey(binding.cardId, binding.channelId), ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** The two Delete operations that remove a binding; the user side must still be this card's. */
export function bindingDeletes(binding: Pick<BindingRecord, 'cardId' | 'channelId' | 'openid'>) {
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
