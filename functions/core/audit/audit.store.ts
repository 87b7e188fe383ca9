/**
 * Access log entries: `AUDIT#<subject>` / `<at>#<id>`, one per person per call. Append-only:
 * written with a condition that nothing is there (which keeps a PutItem from writing over one),
 * never updated; on AWS the functions' IAM denies UpdateItem and DeleteItem on `AUDIT#`
 * partitions (serverless.yml auditAppendOnly).
 * Kept `RETENTION_SECONDS.auditEntry`, then TTL removes them.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../clock.js';
import { newId } from '../ids.js';
import { logger } from '../logger.js';
import { ttlFrom } from '../retention.js';
import { ddb, tableName } from '../table/ddb.js';
import { fromItem, newItem } from '../table/item.js';
import type { AccessBasis, Actor, Trail, TrailCall, UsageNote } from './trail.js';

export interface AuditEntry {
  id: string;
  /** The person: keyed hash of their ID number. */
  subject: string;
  at: string;
  /** The operation (the route's function name, or the operator command). */
  operation: string;
  action: 'read' | 'change';
  basis: AccessBasis;
  actor: Actor;
  /** The answer's HTTP status (or the CLI's exit code). */
  outcome: number;
  /** A refusal's problem code (wrong_pin, code_used, …). */
  refusal?: string;
  /** What the call did, for the holder's usage log (core/audit/trail.ts noteUsage). */
  usage?: UsageNote;
  /**
   * On the acting holder's own entry (basis self): the call also reached a bound family
   * member's information (basis relative): the holder acted with or for a relative.
   */
  withFamily?: true;
  /** The invocation's request id, to join with the function's log lines. */
  requestId?: string;
  ttl: number;
}

export const auditKey = (subject: string, at: string, id: string) => ({ pk: `AUDIT#${subject}`, sk: `${at}#${id}` });

export function auditEntries(trail: Trail, call: TrailCall): AuditEntry[] {
  const at = call.at.toISOString();
  const withFamily = [...trail.subjects.values()].includes('relative');
  return [...trail.subjects].map(([subject, basis]) => ({
    id: newId('au'),
    subject,
    at,
    operation: call.operation,
    action: call.action,
    basis,
    actor: trail.actor,
    outcome: call.outcome,
    ...(call.refusal ? { refusal: call.refusal } : {}),
    ...(trail.usage ? { usage: trail.usage } : {}),
    ...(withFamily && basis === 'self' ? { withFamily: true as const } : {}),
    ...(call.requestId ? { requestId: call.requestId } : {}),
    ttl: ttlFrom('auditEntry', epochSeconds(call.at)),
  }));
}

/**
 * Appends the entries. A failed write does not undo the call (it has happened); the entry,
 * which holds no personal information, goes to the function's log instead, so it is not lost.
 */
export async function appendAudit(entries: AuditEntry[]): Promise<void> {
  await Promise.all(
    entries.map(async (entry) => {
      try {
        await ddb().send(
          new PutCommand(newItem(auditKey(entry.subject, entry.at, entry.id), 'audit', entry)),
        );
      } catch (err) {
        logger.error('audit entry not written', { auditEntry: entry, error: (err as Error)?.name });
      }
    }),
  );
}

/** A person's access log, newest first: its first `limit` entries (operators, and the tests). */
export async function auditOf(subject: string, limit = 50): Promise<AuditEntry[]> {
  return (await auditPage(subject, limit)).entries;
}

/** An entry's sort key in its person's partition (the position a page of the log stops at). */
export const auditSortKey = (entry: Pick<AuditEntry, 'at' | 'id'>) => `${entry.at}#${entry.id}`;

/** What an entry's sort key looks like (a cursor's position is checked against it). */
export const AUDIT_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#au_[A-Za-z0-9_-]{1,64}$/;

/**
 * One read of a person's access log, newest first, `limit` entries after the sort key
 * `afterSk` (older than it) if given; `next` is where the following read starts, if any.
 */
export async function auditPage(subject: string, limit: number, afterSk?: string): Promise<{ entries: AuditEntry[]; next?: string }> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${subject}` },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit,
      ...(afterSk ? { ExclusiveStartKey: { pk: `AUDIT#${subject}`, sk: afterSk } } : {}),
    }),
  );
  const entries = (out.Items ?? []).map((item) => fromItem<AuditEntry>(item));
  const next = out.LastEvaluatedKey?.sk as string | undefined;
  return { entries, ...(next ? { next } : {}) };
}

/** The entries of a finished call's trail, appended. */
export function recordTrail(trail: Trail, call: TrailCall): Promise<void> {
  return appendAudit(auditEntries(trail, call));
}
