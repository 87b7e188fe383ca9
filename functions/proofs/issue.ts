/**
 * Issuing a proof (参保证明 / 缴费证明) for the holder or, through the family binding, a bound
 * relative: the period's rules, the facts from the contribution record, the document signed by
 * essc and stored in one write, and a download link that expires in an hour.
 */
import { now } from '../core/clock.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { subjectOf } from '../family/index.js';
import { findRegion } from '../reference/index.js';
import { proofErrors } from './errors.js';
import { newProofRecord, proofPut } from './proof.store.js';
import { downloadToken, downloadUrl, newProofId, signDocument, signingKeyId } from './proofKeys.js';
import {
  asOfMonth,
  checkFirstContribution,
  checkPeriod,
  chinaMonthOf,
  contributionsPart,
  documentText,
  ISSUER_NAME,
  LINK_SECONDS,
  monthOf,
  type ProofDocument,
  type ProofKind,
} from './proof.rules.js';
import { firstContribution, insuranceFacts, periodRecords, profileOf } from './records.js';

export interface IssueProofRequest {
  kind: ProofKind;
  from: string;
  to: string;
  /** A bound relative's card (family service); default the holder's own. */
  subjectCardId?: string;
}

export interface IssuedProof {
  id: string;
  url: string;
  expiresAt: string;
}

export async function issueProof(session: Session, req: IssueProofRequest): Promise<IssuedProof> {
  const at = now();
  const current = chinaMonthOf(at);
  const period = checkPeriod(req, current);
  if (!period.ok) {
    if (period.code === 'proof_period_in_future') throw proofErrors.problem('proof_period_in_future', { latest: period.latest }, { extensions: { latest: period.latest } });
    throw proofErrors.problem('proof_period_invalid', { reason: period.reason }, { errors: [{ field: period.field, message: period.reason }] });
  }
  const { card, actorCard, family, person } = await subjectOf(session, req.subjectCardId);
  const profile = profileOf(person);
  const first = firstContribution(profile);
  const started = checkFirstContribution(period, first);
  if (!started.ok) {
    throw proofErrors.problem('proof_period_before_first_contribution', { first: started.first ?? '' }, started.first ? { extensions: { firstContribution: started.first } } : {});
  }
  const asOf = asOfMonth(period, current);
  const records = asOf >= period.from ? periodRecords(profile, period.from, asOf) : [];
  const id = newProofId();
  const base = {
    v: 1 as const,
    id,
    kind: req.kind,
    issuedAt: at.toISOString(),
    issuer: { name: ISSUER_NAME, keyId: signingKeyId() },
    holder: { maskedName: person.maskedName, maskedIdNumber: person.maskedIdNumber },
    region: { code: person.regionCode, name: findRegion(person.regionCode)?.name ?? person.regionCode },
    period: { from: req.from, to: req.to },
    asOf: monthOf(asOf),
  };
  const document: ProofDocument =
    req.kind === 'contributions'
      ? { ...base, contributions: contributionsPart(records) }
      : { ...base, insurance: await insuranceFacts(person, records, asOf, at) };
  const text = documentText(document);
  const signed = signDocument(text);
  const record = newProofRecord(
    { id, document: text, ...signed, subjectIdHash: person.idHash, subjectCardId: card.cardId, issuedByCardId: actorCard.cardId, issuedAt: base.issuedAt },
    at,
  );
  const refusal = await attemptTransact([['proof', proofPut(record)]]);
  // 120 random bits: a taken id is not a case to answer, it is a broken random source.
  if (refusal) throw new Error('proof id already taken');
  logger.info('proof issued', { proofId: id, kind: req.kind, cardId: card.cardId, byHelper: family ? actorCard.cardId : undefined, bytes: text.length });
  const expiresAt = new Date((Math.floor(at.getTime() / 1000) + LINK_SECONDS) * 1000);
  return { id, url: downloadUrl(id, downloadToken(id, expiresAt)), expiresAt: expiresAt.toISOString() };
}
