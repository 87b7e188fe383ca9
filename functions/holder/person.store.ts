/**
 * The card register: one record per person holding a physical social security card,
 * keyed by the keyed hash of the ID number. Names and numbers only encrypted.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { fromItem, type TransactItem } from '../core/table/item.js';

export type PhysicalCardStatus = 'normal' | 'lost' | 'cancelled';
export type PersonType = 'employee' | 'retiree' | 'resident' | 'child';

export interface PersonRecord {
  idHash: string;
  nameHash: string;
  nameEnc: string;
  idNumberEnc: string;
  cardNumberEnc: string;
  maskedName: string;
  maskedIdNumber: string;
  maskedCardNumber: string;
  birthDate: string;
  gender: 'male' | 'female';
  regionCode: string;
  physicalCardStatus: PhysicalCardStatus;
  personType: PersonType;
  insuredSince: string;
  /** Set once, by the claim that creates the person's one e-card. */
  cardId?: string;
}

export const personKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'PERSON' });

export async function getPerson(idHash: string, consistent = false): Promise<PersonRecord | undefined> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: personKey(idHash), ConsistentRead: consistent }),
  );
  return out.Item ? fromItem<PersonRecord>(out.Item) : undefined;
}

export function personItem(person: PersonRecord): Record<string, unknown> {
  return { ...personKey(person.idHash), type: 'person', ...person };
}

/** The claim that creates the person's one e-card: sets `cardId` once, while the physical card is in normal use. */
export function personCardClaim(idHash: string, cardId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: personKey(idHash),
      UpdateExpression: 'SET cardId = :card',
      ConditionExpression: 'attribute_not_exists(cardId) AND physicalCardStatus = :normal',
      ExpressionAttributeValues: { ':card': cardId, ':normal': 'normal' },
    },
  };
}

/** The person's e-card is still `cardId` (a claim in another channel binds to the existing card). */
export function personCardCheck(idHash: string, cardId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: personKey(idHash),
      ConditionExpression: 'cardId = :card',
      ExpressionAttributeValues: { ':card': cardId },
    },
  };
}
