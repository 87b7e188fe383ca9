/**
 * The holder's out-of-area filings (API.md, "Out-of-area care filing"): file one (for oneself or,
 * through family service, for a bound relative), list them, cancel one; and the filing a
 * settlement outside the insuring region looks for.
 */
import { now } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { logger } from '../core/logger.js';
import type { Session } from '../core/session/sessionToken.js';
import { attemptTransact } from '../core/table/transaction.js';
import { subjectCardOf } from '../family/index.js';
import { chinaCalendarDate } from '../holder/idNumber.rules.js';
import { findRegion } from '../reference/index.js';
import { outOfAreaErrors } from './errors.js';
import { checkFiling, covers, statusOn, type FilingKind } from './filing.rules.js';
import { filingCancel, filingGuardAdvance, filingGuardVersion, filingPut, getFiling, listFilings, type FilingRecord } from './filing.store.js';

export interface NewFiling {
  destinationRegion: string;
  kind: FilingKind;
  startDate: string;
  endDate?: string;
  pledge: boolean;
}

function filingView(f: FilingRecord, today: string) {
  const region = findRegion(f.destinationRegion);
  return {
    id: f.id,
    destinationRegion: f.destinationRegion,
    ...(region ? { destinationName: region.name } : {}),
    kind: f.kind,
    status: statusOn(f, today),
    startDate: f.startDate,
    ...(f.endDate ? { endDate: f.endDate } : {}),
    createdAt: f.createdAt,
    ...(f.cancelledAt ? { cancelledAt: f.cancelledAt } : {}),
    ...(f.filedByCardId !== f.cardId ? { filedBy: 'family' as const } : {}),
  };
}

export async function fileOutOfArea(session: Session, req: NewFiling, subjectCardId?: string) {
  if (req.pledge !== true) throw outOfAreaErrors.problem('pledge_required', { errors: [{ field: 'pledge', message: 'must be true' }] });
  const { card, actorCard } = await subjectCardOf(session, subjectCardId);
  const at = now();
  const today = chinaCalendarDate(at);
  // The guard first, then the filings: a filing committed after the guard was read moves it and
  // refuses this one; one committed before is in the list. (Read together, a filing could land
  // between the two reads and be missed by the list while the guard already counts it.)
  const ver = await filingGuardVersion(card.idHash);
  const others = await listFilings(card.idHash);
  const refusal = checkFiling(req, { insuringRegion: card.regionCode, today, knownRegion: (code) => findRegion(code) !== undefined, others });
  if (refusal) throw outOfAreaErrors.problem(refusal, refusal === 'filing_overlaps' ? {} : { errors: [{ field: fieldOf(refusal), message: refusal }] });
  const filing: FilingRecord = {
    id: newId('oaf'),
    idHash: card.idHash,
    cardId: card.cardId,
    destinationRegion: req.destinationRegion,
    kind: req.kind,
    status: 'effective',
    startDate: req.startDate,
    ...(req.endDate ? { endDate: req.endDate } : {}),
    pledgedAt: at.toISOString(),
    filedByCardId: actorCard.cardId,
    createdAt: at.toISOString(),
  };
  const refused = await attemptTransact([
    ['guard', filingGuardAdvance(card.idHash, ver)],
    ['filing', filingPut(filing)],
  ]);
  // Another filing for this person committed since the check: it may overlap this one.
  if (refused) throw outOfAreaErrors.problem('filing_overlaps');
  logger.info('out-of-area filing made', { filingId: filing.id, kind: filing.kind, byFamily: actorCard.cardId !== card.cardId });
  return filingView(filing, today);
}

function fieldOf(refusal: string): string {
  if (refusal === 'unknown_region' || refusal === 'same_region') return 'destinationRegion';
  if (refusal === 'filing_start_out_of_range') return 'startDate';
  return 'endDate';
}

export async function filingsOf(session: Session, subjectCardId?: string) {
  const { card } = await subjectCardOf(session, subjectCardId);
  const today = chinaCalendarDate(now());
  const filings = (await listFilings(card.idHash)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  return filings.map((f) => filingView(f, today));
}

export async function cancelFiling(session: Session, id: string, subjectCardId?: string) {
  const { card } = await subjectCardOf(session, subjectCardId);
  const filing = await getFiling(card.idHash, id);
  if (!filing) throw outOfAreaErrors.problem('filing_not_found');
  const at = now();
  const today = chinaCalendarDate(at);
  if (statusOn(filing, today) !== 'effective') throw outOfAreaErrors.problem('filing_not_effective');
  const refused = await attemptTransact([['filing', filingCancel(card.idHash, id, at.toISOString())]]);
  if (refused) throw outOfAreaErrors.problem('filing_not_effective');
  logger.info('out-of-area filing cancelled', { filingId: id });
  return filingView({ ...filing, status: 'cancelled', cancelledAt: at.toISOString() }, today);
}

/** The effective filing of a person that covers care in `region` on `at`'s China day, if any. */
export async function coveringFiling(idHash: string, region: string, at: Date): Promise<{ id: string } | undefined> {
  const day = chinaCalendarDate(at);
  const found = (await listFilings(idHash)).find((f) => covers(f, region, day));
  return found ? { id: found.id } : undefined;
}
