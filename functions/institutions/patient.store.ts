/**
 * Patients as an institution knows them (API.md, "Online medical payment"): a code
 * verification gives the institution a pairwise `patientRef` for the card (a keyed hash of the
 * institution and the card, like a channel's holderRef), and records which card it stands for,
 * so the institution can later push a bill to that holder. Another institution's ref finds
 * nothing.
 */
import { pii } from '../core/pii/crypto.js';
import { tableName } from '../core/table/ddb.js';
import type { TransactItem } from '../core/table/item.js';
import { getRecord } from '../core/table/records.js';

export interface PatientRecord {
  institutionId: string;
  patientRef: string;
  cardId: string;
  firstSeenAt: string;
}

const patientKey = (institutionId: string, patientRef: string) => ({ pk: `PATIENT#${institutionId}#${patientRef}`, sk: 'PATIENT' });

export async function patientRefOf(institutionId: string, cardId: string): Promise<string> {
  return `pr_${(await pii()).hash('patientRef', `${institutionId}:${cardId}`).slice(0, 26)}`;
}

/** Records the ref (the same card gives the same ref: putting it again changes nothing that matters). */
export function patientPut(p: PatientRecord): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: patientKey(p.institutionId, p.patientRef),
      UpdateExpression: 'SET #type = :type, institutionId = :inst, patientRef = :ref, cardId = :card, firstSeenAt = if_not_exists(firstSeenAt, :at)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'patient', ':inst': p.institutionId, ':ref': p.patientRef, ':card': p.cardId, ':at': p.firstSeenAt },
    },
  };
}

/** The card an institution's patientRef stands for, or undefined (unknown, or another institution's). */
export async function cardOfPatient(institutionId: string, patientRef: string): Promise<string | undefined> {
  return (await getRecord<PatientRecord>(patientKey(institutionId, patientRef)))?.cardId;
}
