/** POST /v1/terminal/code-verifications: consumes the code and returns the card's identity. */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import { attemptTransact } from '../core/table/transaction.js';
import { consumeCodeParts, explainConsumeFailure, lookUpCode, underCodeFailureLimit } from './consume.js';
import type { BusinessType, CodeKind } from './dynamicCode.rules.js';

export interface VerifiedCode {
  cardId: string;
  maskedName: string;
  maskedIdNumber: string;
  status: 'normal';
  level: number;
  region: string;
  businessType: BusinessType;
  codeKind: CodeKind;
}

export function verifyCode(institutionId: string, raw: string, businessType: BusinessType): Promise<VerifiedCode> {
  return underCodeFailureLimit(institutionId, () => verify(institutionId, raw, businessType));
}

async function verify(institutionId: string, raw: string, businessType: BusinessType): Promise<VerifiedCode> {
  const record = await lookUpCode(raw, businessType);
  const at = now();
  const refusal = await attemptTransact(consumeCodeParts(record, at, `verification:${institutionId}:${businessType}`));
  if (refusal) throw await explainConsumeFailure(record, at);
  logger.info('code verified', { cardId: record.cardId, institutionId, businessType, kind: record.kind });
  return {
    cardId: record.cardId,
    maskedName: record.maskedName,
    maskedIdNumber: record.maskedIdNumber,
    status: 'normal',
    level: record.level,
    region: record.regionCode,
    businessType,
    codeKind: record.kind,
  };
}
