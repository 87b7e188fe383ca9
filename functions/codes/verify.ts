/** POST /v1/terminal/code-verifications: consumes the code and returns the card's identity. */
import { noteUsage } from '../core/audit/trail.js';
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { consumeCodeParts, explainConsumeFailure, lookUpCode, underCodeFailureLimit } from './consume.js';
import { patientPut, patientRefOf } from '../institutions/index.js';
import { businessTypeOf, CODE_USE_TYPES, type BusinessType, type CodeKind, type CodeUseType } from './dynamicCode.rules.js';

export interface VerifiedCode {
  cardId: string;
  maskedName: string;
  maskedIdNumber: string;
  status: 'normal';
  level: number;
  region: string;
  /** As the terminal sent it: a business type or a code-use type. */
  businessType: string;
  /** A code-use type's business type and name (01301 → payment, 门诊结算). */
  useType?: { businessType: BusinessType; name: string };
  codeKind: CodeKind;
  /** The card as this institution knows it: pairwise, the id a bill is pushed to. */
  patientRef: string;
}

export function verifyCode(institutionId: string, raw: string, businessType: string): Promise<VerifiedCode> {
  return underCodeFailureLimit(institutionId, () => verify(institutionId, raw, businessType));
}

async function verify(institutionId: string, raw: string, requested: string): Promise<VerifiedCode> {
  // The schema admits only known inputs; a code-use type is used as its business type.
  const businessType = businessTypeOf(requested) ?? 'other';
  const record = await lookUpCode(raw, businessType);
  // The holder's usage log says what the code was used for, and where it was shown.
  noteUsage({ businessType: requested, channelId: record.channelId, ...(record.issuedByCardId ? { shownByFamily: true } : {}) });
  const at = now();
  const patientRef = await patientRefOf(institutionId, record.cardId);
  const refusal = await attemptTransact([
    ...consumeCodeParts(record, at, `verification:${institutionId}:${requested}`),
    ['patient', patientPut({ institutionId, patientRef, cardId: record.cardId, firstSeenAt: at.toISOString() })],
  ]);
  if (refusal) throw await explainConsumeFailure(record, at);
  logger.info('code verified', { cardId: record.cardId, institutionId, businessType: requested, kind: record.kind });
  const useType = Object.prototype.hasOwnProperty.call(CODE_USE_TYPES, requested) ? CODE_USE_TYPES[requested as CodeUseType] : undefined;
  return {
    cardId: record.cardId,
    maskedName: record.maskedName,
    maskedIdNumber: record.maskedIdNumber,
    status: 'normal',
    level: record.level,
    region: record.regionCode,
    businessType: requested,
    ...(useType ? { useType: { businessType: useType.businessType, name: useType.name } } : {}),
    codeKind: record.kind,
    patientRef,
  };
}
