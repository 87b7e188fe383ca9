/** Designated medical institutions (定点医药机构) and their terminal signing secret. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { fromItem } from '../core/table/item.js';

/** Institution level (医院等级) 1–3; pharmacies count as level 1. */
export type InstitutionLevel = 1 | 2 | 3;

export interface InstitutionRecord {
  id: string;
  name: string;
  kind: 'pharmacy' | 'hospital';
  level: InstitutionLevel;
  regionCode: string;
  /** The HMAC secret, encrypted (PiiCipher kind 'secret'). */
  secretEnc: string;
  active: boolean;
}

export const institutionKey = (id: string) => ({ pk: `INSTITUTION#${id}`, sk: 'INSTITUTION' });

export async function getInstitution(id: string): Promise<InstitutionRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: institutionKey(id) }));
  return out.Item ? fromItem<InstitutionRecord>(out.Item) : undefined;
}

export function institutionItem(inst: InstitutionRecord): Record<string, unknown> {
  return { ...institutionKey(inst.id), type: 'institution', ...inst };
}
