/**
 * The holder's contribution records (权益查询 → 缴费记录), or a bound relative's: derived
 * from the register entry of the card (contributions.rules.ts), filtered and paginated with an
 * opaque cursor bound to the query it came from.
 */
import { now } from '../core/clock.js';
import { subjectOf } from '../family/index.js';
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

interface CursorBody {
  /** The query it belongs to: type, from, to. */
  q: string;
  m: number;
  t: number;
}

const invalidCursor = () => pensionErrors.problem('invalid_cursor', { errors: [{ field: 'cursor', message: 'not a cursor of this query' }] });

function encodeCursor(q: string, pos: ContributionPosition): string {
  return Buffer.from(JSON.stringify({ q, m: pos.month, t: pos.typeIndex } satisfies CursorBody)).toString('base64url');
}

function decodeCursor(cursor: string, q: string): ContributionPosition {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw invalidCursor();
  }
  if (
    !body ||
    body.q !== q ||
    !Number.isInteger(body.m) ||
    !Number.isInteger(body.t) ||
    body.t! < 0 ||
    body.t! >= INSURANCE_TYPES.length
  ) {
    throw invalidCursor();
  }
  return { month: body.m!, typeIndex: body.t! };
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
  const q = `${req.type ?? '*'}|${range.from}|${range.to}`;
  const after = req.cursor !== undefined ? decodeCursor(req.cursor, q) : undefined;
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
    ...(page.next ? { nextCursor: encodeCursor(q, page.next) } : {}),
  };
}
