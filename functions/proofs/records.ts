/**
 * The facts a proof states, from the pension capability's contribution record (derived from
 * the register entry, pension/contributions.rules) and a retiree's pension certification.
 */
import type { PersonRecord } from '../holder/index.js';
import {
  contributionOf,
  getPensionCertification,
  insurancesIn,
  INSURANCE_TYPES,
  retirementMonth,
  type ContributionRecord,
  type ContributorProfile,
  type InsuranceType,
} from '../pension/index.js';
import { chinaTime, insurancePart, monthIndex, monthOf, type ProofDocument, type Scheme } from './proof.rules.js';

export function profileOf(person: PersonRecord): ContributorProfile {
  return { key: person.idHash, personType: person.personType, insuredSince: person.insuredSince, birthDate: person.birthDate, gender: person.gender };
}

/** The first month the person contributed to anything, or undefined when they never did. */
export function firstContribution(p: ContributorProfile): number | undefined {
  const start = monthIndex(p.insuredSince);
  return insurancesIn(p, start).types.length > 0 ? start : undefined;
}

/** Every record of months `from`..`to` (inclusive), oldest first. */
export function periodRecords(p: ContributorProfile, from: number, to: number): ContributionRecord[] {
  const out: ContributionRecord[] = [];
  for (let month = from; month <= to; month++) {
    for (const type of INSURANCE_TYPES) {
      const r = contributionOf(p, type, month);
      if (r) out.push(r);
    }
  }
  return out;
}

/** The insurance part of a proof: each insurance's status at `asOf`, since when, and the period's months. */
export async function insuranceFacts(person: PersonRecord, records: ContributionRecord[], asOf: number, at: Date): Promise<NonNullable<ProofDocument['insurance']>> {
  const p = profileOf(person);
  const first = firstContribution(p);
  const startTypes = first === undefined ? [] : insurancesIn(p, first).types;
  const since: Partial<Record<InsuranceType, string>> = {};
  const schemes: Partial<Record<InsuranceType, Scheme>> = {};
  const scheme = insurancesIn(p, Math.max(asOf, first ?? asOf)).scheme;
  for (const type of startTypes) {
    since[type] = monthOf(first!);
    schemes[type] = scheme;
  }
  const asOfRecords = first !== undefined && asOf >= first ? periodRecords(p, asOf, asOf) : [];
  let retiredSince: string | undefined;
  let certifiedUntil: string | undefined;
  if (p.personType === 'retiree' && asOf >= retirementMonth(p)) {
    retiredSince = monthOf(retirementMonth(p));
    const cert = await getPensionCertification(person.idHash);
    if (cert && new Date(cert.validUntil).getTime() > at.getTime()) certifiedUntil = chinaTime(cert.validUntil).slice(0, 10);
  }
  return insurancePart({ records, asOfRecords, since, schemes, ...(retiredSince ? { retiredSince } : {}), ...(certifiedUntil ? { certifiedUntil } : {}) });
}
