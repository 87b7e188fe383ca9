/** E-cards: one per person, shared by every channel the person claimed it in. */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../core/table/ddb.js';

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
  maskedName: string;
  maskedIdNumber: string;
  maskedCardNumber: string;
  regionCode: string;
  level: number;
  pinHash: string;
  pinFailures: number;
  pinLockedUntil?: string;
  claimedAt: string;
  /** Bumped by every change, so concurrent writers can't overwrite each other. */
  version: number;
}

export const cardKey = (cardId: string) => ({ pk: `CARD#${cardId}`, sk: 'CARD' });

export async function getCard(cardId: string): Promise<CardRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: cardKey(cardId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ...rest } = out.Item;
  return rest as CardRecord;
}

export function cardItem(card: CardRecord): Record<string, unknown> {
  return { ...cardKey(card.cardId), type: 'card', ...card };
}

/**
 * Writes the given fields if the card is still at `expectedVersion`.
 * Returns false when someone else changed it first.
 */
export async function updateCard(
  cardId: string,
  expectedVersion: number,
  set: Partial<Omit<CardRecord, 'cardId' | 'version'>>,
  remove: (keyof CardRecord)[] = [],
): Promise<boolean> {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1 };
  const sets = ['#version = #version + :one'];
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  for (const k of remove) names[`#${String(k)}`] = String(k);
  const removeClause = remove.length ? ` REMOVE ${remove.map((k) => `#${String(k)}`).join(', ')}` : '';
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: cardKey(cardId),
        UpdateExpression: `SET ${sets.join(', ')}${removeClause}`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}
