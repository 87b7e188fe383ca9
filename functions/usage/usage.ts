/**
 * GET /v1/cards/me/usage: the holder's usage log (用卡记录), newest first, from their own access
 * log only (`AUDIT#<the card's person>`, core/audit): the entries usage.rules.ts shows, with
 * the names of their channels and institutions read now (once each per request).
 *
 * Most entries of an active holder are their own reads, which are not shown: a page reads on
 * (READ_SIZE entries a read) until it has `limit` entries or has read MAX_READS times; then it
 * is shorter and its cursor goes on from where the reads stopped.
 */
import { AUDIT_SORT_KEY, auditPage, auditSortKey } from '../core/audit/audit.store.js';
import { openCursor, positionString, sealCursor } from '../core/cursor/cursor.js';
import type { Session } from '../core/session/sessionToken.js';
import { findChannel } from '../channels/index.js';
import { holderCard } from '../holder/index.js';
import { getInstitution } from '../institutions/index.js';
import { classifyUsage, renderUsage, type ClassifiedUsage, type UsageEntry } from './usage.rules.js';

/** Access log entries per read. */
const READ_SIZE = 100;
/** Reads per page at most. */
const MAX_READS = 10;

export interface UsagePage {
  entries: UsageEntry[];
  cursor?: string;
}

export async function usageOf(session: Session, limit: number, cursor?: string): Promise<UsagePage> {
  const { card } = await holderCard(session);
  // Bound to the person: another holder's cursor does not page this log.
  const scope = `usage|${card.idHash}`;
  let from = cursor === undefined ? undefined : positionString(openCursor(cursor, scope), 'sk', (sk) => AUDIT_SORT_KEY.test(sk));
  const shown: ClassifiedUsage[] = [];
  let next: string | undefined;
  reads: for (let read = 0; read < MAX_READS; read++) {
    const page = await auditPage(card.idHash, READ_SIZE, from);
    for (const [i, entry] of page.entries.entries()) {
      const usage = classifyUsage(entry, card.cardId);
      if (!usage) continue;
      shown.push(usage);
      if (shown.length === limit) {
        const last = i === page.entries.length - 1 && page.next === undefined;
        next = last ? undefined : auditSortKey(entry);
        break reads;
      }
    }
    from = page.next;
    next = from;
    if (from === undefined) break;
  }
  const names = await namesOf(shown);
  return {
    entries: shown.map((u) =>
      renderUsage(u, {
        channel: u.channelId === undefined ? undefined : names.channels.get(u.channelId),
        institution: u.institutionId === undefined ? undefined : names.institutions.get(u.institutionId),
      }),
    ),
    ...(next !== undefined ? { cursor: sealCursor(scope, { sk: next }) } : {}),
  };
}

/** The names of the channels and institutions a page mentions, each read once. */
async function namesOf(shown: ClassifiedUsage[]) {
  const channelIds = [...new Set(shown.flatMap((u) => (u.channelId === undefined ? [] : [u.channelId])))];
  const institutionIds = [...new Set(shown.flatMap((u) => (u.institutionId === undefined ? [] : [u.institutionId])))];
  const [channels, institutions] = await Promise.all([
    Promise.all(channelIds.map(async (id) => [id, (await findChannel(id))?.name] as const)),
    Promise.all(institutionIds.map(async (id) => [id, (await getInstitution(id))?.name] as const)),
  ]);
  const known = (pairs: readonly (readonly [string, string | undefined])[]) =>
    new Map(pairs.filter((p): p is readonly [string, string] => p[1] !== undefined));
  return { channels: known(channels), institutions: known(institutions) };
}
