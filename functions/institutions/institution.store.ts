/**
 * Designated medical institutions (定点医药机构). Their terminals' signing keys live in the
 * institution's partition (core/signing/signingKey.store.ts).
 */
import { getRecord } from '../core/table/records.js';

/** Institution level (医院等级) 1–3; pharmacies count as level 1. */
export type InstitutionLevel = 1 | 2 | 3;

export interface InstitutionRecord {
  id: string;
  name: string;
  kind: 'pharmacy' | 'hospital';
  level: InstitutionLevel;
  regionCode: string;
  active: boolean;
}

export const institutionKey = (id: string) => ({ pk: `INSTITUTION#${id}`, sk: 'INSTITUTION' });

export async function getInstitution(id: string): Promise<InstitutionRecord | undefined> {
  return getRecord<InstitutionRecord>(institutionKey(id), { consistent: false });
}

export function institutionItem(inst: InstitutionRecord): Record<string, unknown> {
  return { ...institutionKey(inst.id), type: 'institution', ...inst };
}
