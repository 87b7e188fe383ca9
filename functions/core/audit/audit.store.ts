/**
 * Access log entries: `AUDIT#<subject>` / `<at>#<id>`, one per person per call. Append-only:
 * written with a condition that nothing is there (which keeps a PutItem from writing over one),
 * never updated; on AWS the functions' IAM denies UpdateItem and DeleteItem on `AUDIT#`
 * partitions (serverless.yml auditAppendOnly).
 * Kept `RETENTION.auditEntry`, then TTL removes them.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../clock.js';
import { newId } from '../ids.js';
import { logger } from '../logger.js';
import { ttlFrom } from '../retention.js';
import { ddb, tableName } from '../table/ddb.js';
import { fromItem } from '../table/item.js';
import type { AccessBasis, Actor, Trail, TrailCall } from './trail.js';

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
  /** The invocation's request id, to join with the function's log lines. */
  requestId?: string;
  ttl: number;
}

export const auditKey = (subject: string, at: string, id: string) => ({ pk: `AUDIT#${subject}`, sk: `${at}#${id}` });

export function auditEntries(trail: Trail, call: TrailCall): AuditEntry[] {
  const at = call.at.toISOString();
  return [...trail.subjects].map(([subject, basis]) => ({
    id: newId('au'),
    subject,
    at,
    operation: call.operation,
    action: call.action,
    basis,
    actor: trail.actor,
    outcome: call.outcome,
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
          new PutCommand({
            TableName: tableName(),
            Item: { ...auditKey(entry.subject, entry.at, entry.id), type: 'audit', ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        logger.error('audit entry not written', { auditEntry: entry, error: (err as Error)?.name });
      }
    }),
  );
}

/** A person's access log, newest first (operators; the holder's own view in issue 12). */
export async function auditOf(subject: string, limit = 50): Promise<AuditEntry[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${subject}` },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => fromItem<AuditEntry>(item));
}

/** The entries of a finished call's trail, appended. */
export function recordTrail(trail: Trail, call: TrailCall): Promise<void> {
  return appendAudit(auditEntries(trail, call));
}
