/**
 * The reimbursement policies in force: one item per region and year (`POLICY#<region>`,
 * `YEAR#<year>`), listed per year on gsi1 (`POLICIES#<year>`), managed by an operator
 * (`npm run operator -- policies …`) and seeded with the defaults (policies.ts).
 *
 * A settlement reads its policy on every split; a container keeps what it read for a minute,
 * so an operator's change is in force everywhere within a minute, and a hot path pays one
 * read per region and year per container per minute.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../core/table/ddb.js';
import { getRecord, queryIndex } from '../core/table/records.js';
import { assertPolicy, type RegionPolicy } from './policy.rules.js';

const policyKey = (regionCode: string, year: number) => ({ pk: `POLICY#${regionCode}`, sk: `YEAR#${year}` });
const yearIndexKey = (year: number) => `POLICIES#${year}`;

export const POLICY_CACHE_MS = 60_000;
const cache = new Map<string, { at: number; policy: Promise<RegionPolicy | undefined> }>();

export function policyItem(policy: RegionPolicy): Record<string, unknown> {
  return { ...policyKey(policy.regionCode, policy.year), type: 'regionPolicy', gsi1pk: yearIndexKey(policy.year), gsi1sk: policy.regionCode, ...policy };
}

/** The policy of a region for a year (cached for a minute), or undefined for none. */
export function getPolicy(regionCode: string, year: number): Promise<RegionPolicy | undefined> {
  const key = `${regionCode}:${year}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < POLICY_CACHE_MS) return hit.policy;
  const policy = getRecord<RegionPolicy>(policyKey(regionCode, year), { consistent: false });
  policy.catch(() => cache.delete(key));
  if (cache.size > 500) cache.clear();
  cache.set(key, { at: Date.now(), policy });
  return policy;
}

/** Every region's policy for a year, sorted by region code. */
export async function listPolicies(year: number): Promise<RegionPolicy[]> {
  return (await queryIndex<RegionPolicy>(yearIndexKey(year))).sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}

/** Writes (or replaces) a policy; a malformed one is refused with a RangeError before any write. */
export async function putPolicy(policy: RegionPolicy): Promise<void> {
  assertPolicy(policy);
  await ddb().send(new PutCommand({ TableName: tableName(), Item: policyItem(policy) }));
  cache.delete(`${policy.regionCode}:${policy.year}`);
}

/** Forgets what this container read (tests, after an operator's change). */
export function forgetPolicies(): void {
  cache.clear();
}
