/**
 * The holder's contribution records (权益查询 → 缴费记录), or a bound relative's: derived
 * from the register entry of the card (contributions.rules.ts), filtered and paginated with an
 * opaque, signed cursor bound to the query and the person it came from (core/cursor).
 */
import { now } from '../core/clock.js';
import { subjectOf } from '../family/index.js';
import { openCursor, positionInteger, sealCursor } from '../core/cursor/cursor.js';
import { pensionErrors } from './errors.js';
import {
  contributionPage,
  INSURANCE_TYPES,
  monthIndex,
  monthOf,
  resolveRange,
  type ContributionPosition,
  type ContributionRecord,
  type InsuranceType,
} from './contributions.rules.js';
import type { Session } from '../core/session/sessionToken.js';

export const DEFAULT_PAGE_SIZE = 12;

export interface ContributionsRequest {
  type?: InsuranceType;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
  /** A bound relative's card (family service); default the holder's own. */
  subjectCardId?: string;
}

export interface ContributionsPage {
  items: ContributionRecord[];
  from: string;
  to: string;
  nextCursor?: string;
}

/** The position a page stopped at, sealed with the query and the person it lists. */
function encodeCursor(scope: string, pos: ContributionPosition): string {
  return sealCursor(scope, { m: pos.month, t: pos.typeIndex });
}

function decodeCursor(cursor: string, scope: string): ContributionPosition {
  const position = openCursor(cursor, scope);
  return {
    month: positionInteger(position, 'm', 0, 12 * 10_000),
    typeIndex: positionInteger(position, 't', 0, INSURANCE_TYPES.length - 1),
  };
}

/** The latest month with records: the month before the current one (China time). */
function latestMonth(at: Date): number {
  const china = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  return monthIndex(china) - 1;
}

export async function myContributions(session: Session, req: ContributionsRequest): Promise<ContributionsPage> {
  const range = resolveRange({ from: req.from, to: req.to }, latestMonth(now()));
  if (!range.ok) {
    throw pensionErrors.problem('invalid_range', { field: range.refusal.field }, { errors: [range.refusal] });
  }
  const { person } = await subjectOf(session, req.subjectCardId);
  const scope = `contributions|${person.idHash}|${req.type ?? '*'}|${range.from}|${range.to}`;
  const after = req.cursor !== undefined ? decodeCursor(req.cursor, scope) : undefined;
  const page = contributionPage(
    { key: person.idHash, personType: person.personType, insuredSince: person.insuredSince, birthDate: person.birthDate, gender: person.gender },
    { type: req.type, from: range.from, to: range.to },
    req.limit ?? DEFAULT_PAGE_SIZE,
    after,
  );
  return {
    items: page.items,
    from: monthOf(range.from),
    to: monthOf(range.to),
    ...(page.next ? { nextCursor: encodeCursor(scope, page.next) } : {}),
  };
}
