/** The card register checks: real name (name + ID number) and real card (physical card usable). */
import { now } from '../core/clock.js';
import { pii } from '../core/pii/crypto.js';
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

export async function checkRealName(name: string, rawIdNumber: string): Promise<RegisteredPerson> {
  const check = requireValidIdNumber(rawIdNumber);
  const cipher = await pii();
  const person = await getPerson(cipher.hash('idNumber', check.idNumber), true);
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
