/** The card register checks: real name (name + ID number) and real card (physical card usable). */
import { now } from '../core/clock.js';
import { BadRequest, Unprocessable } from '../core/problem.js';
import { pii } from '../core/pii/crypto.js';
import { validateIdNumber } from './idNumber.rules.js';
import { normalizeName } from './name.rules.js';
import { getPerson, type PersonRecord } from './person.store.js';

export class IdentityMismatch extends Unprocessable {
  override name = 'IdentityMismatch';
  constructor() {
    // One answer for "no such ID" and "wrong name", so the register can't be probed.
    super('identity_mismatch', '姓名与身份证号不匹配，或未查询到社保卡信息。', [
      { field: 'name', message: 'does not match the card register for this ID number' },
      { field: 'idNumber', message: 'does not match the card register for this name' },
    ]);
  }
}

export class PhysicalCardNotUsable extends Unprocessable {
  override name = 'PhysicalCardNotUsable';
  constructor(status: string) {
    const detail =
      status === 'lost'
        ? '您的实体社保卡处于挂失状态，请先解除挂失或补领后再申领电子社保卡。'
        : '您的实体社保卡已注销，请补换卡后再申领电子社保卡。';
    super(status === 'lost' ? 'physical_card_lost' : 'physical_card_cancelled', detail, [
      { field: 'idNumber', message: `the physical card is ${status}` },
    ]);
  }
}

export interface RegisteredPerson extends PersonRecord {
  /** Normalised ID number, in memory only. */
  idNumber: string;
}

export async function checkRealName(name: string, rawIdNumber: string): Promise<RegisteredPerson> {
  const check = validateIdNumber(rawIdNumber, now());
  if (!check.ok) throw new BadRequest('invalid_id_number', check.message, [{ field: 'idNumber', message: check.message }]);
  const cipher = await pii();
  const person = await getPerson(cipher.hash('idNumber', check.idNumber), true);
  if (!person || person.nameHash !== cipher.hash('name', normalizeName(name))) throw new IdentityMismatch();
  return { ...person, idNumber: check.idNumber };
}

export function checkRealCard(person: PersonRecord): void {
  if (person.physicalCardStatus !== 'normal') throw new PhysicalCardNotUsable(person.physicalCardStatus);
}
