/**
 * The card register: one record per person holding a physical social security card,
 * keyed by the keyed hash of the ID number. Names and numbers only encrypted.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';

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
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ...rest } = out.Item;
  return rest as PersonRecord;
}

export function personItem(person: PersonRecord): Record<string, unknown> {
  return { ...personKey(person.idHash), type: 'person', ...person };
}
