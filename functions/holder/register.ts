/** The card register checks: real name (name + ID number) and real card (physical card usable). */
import { noteAccess } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import { consumeLimit, LIMITS } from '../core/limits/limits.js';
import { pii } from '../core/pii/crypto.js';
import type { Session } from '../core/session/sessionToken.js';
import { holderErrors } from './errors.js';
import { validateIdNumber } from './idNumber.rules.js';
import { normalizeName } from './name.rules.js';
import { getPerson, type PersonRecord } from './person.store.js';

export interface RegisteredPerson extends PersonRecord {
  /** Normalised ID number, in memory only. */
  idNumber: string;
}

/** The ID number's own checks (GB 11643): 400 `invalid_id_number` naming what is wrong. */
export function requireValidIdNumber(rawIdNumber: string) {
  const check = validateIdNumber(rawIdNumber, now());
  if (!check.ok) {
    throw holderErrors.problem('invalid_id_number', { errors: [{ field: 'idNumber', message: check.message }] });
  }
  return check;
}

/**
 * Real name: the name and ID number against the register. Each check is counted per ID
 * number and per channel user (core/limits LIMITS.identityChecks*), alongside the read, so
 * the register answers a few questions about one person an hour, not thousands.
 */
export async function checkRealName(name: string, rawIdNumber: string, caller: Session): Promise<RegisteredPerson> {
  const check = requireValidIdNumber(rawIdNumber);
  const cipher = await pii();
  const idHash = cipher.hash('idNumber', check.idNumber);
  // The register was asked about this person, whether or not the name matches.
  noteAccess(idHash, 'identity_check');
  const at = now();
  const [person] = await Promise.all([
    getPerson(idHash, true),
    consumeLimit(LIMITS.identityChecksPerPerson, idHash, at),
    consumeLimit(LIMITS.identityChecksPerUser, `${caller.channelId}:${caller.openid}`, at),
  ]);
  if (!person || person.nameHash !== cipher.hash('name', normalizeName(name))) {
    throw holderErrors.problem('identity_mismatch', {
      errors: [
        { field: 'name', message: 'does not match the card register for this ID number' },
        { field: 'idNumber', message: 'does not match the card register for this name' },
      ],
    });
  }
  return { ...person, idNumber: check.idNumber };
}

export function checkRealCard(person: PersonRecord): void {
  if (person.physicalCardStatus === 'normal') return;
  const lost = person.physicalCardStatus === 'lost';
  throw holderErrors.problem(lost ? 'physical_card_lost' : 'physical_card_cancelled', {
    errors: [{ field: 'idNumber', message: `the physical card is ${person.physicalCardStatus}` }],
  });
}
