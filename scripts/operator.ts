/**
 * A small operator CLI for manual review cases, against the table named by TABLE_NAME
 * (DynamoDB Local when DYNAMODB_ENDPOINT is set).
 *
 *   npx tsx scripts/operator.ts reviews [open|resolved]
 *   npx tsx scripts/operator.ts resolve <reviewId> --approve|--reject [--note text]
 *
 * Resolving an open pension case with --approve writes a certification valid 12 months;
 * a case can be resolved once (conditional write).
 */
import { pathToFileURL } from 'node:url';
import { ProblemError } from '../functions/core/problem.js';
import { now } from '../functions/core/clock.js';
import { recordTrail } from '../functions/core/audit/audit.store.js';
import { inTrail, noteAccess, startTrail } from '../functions/core/audit/trail.js';
import { resolvePensionReview } from '../functions/pension/index.js';
import { getReview, listReviews } from '../functions/face/review.store.js';

export const USAGE = [
  'usage: operator.ts reviews [open|resolved]',
  '       operator.ts resolve <reviewId> --approve|--reject [--note text]',
].join('\n');

/**
 * Runs one command; returns the exit code. Output goes through `out` / `err`. Every person
 * whose case is shown or resolved gets an access log entry naming the operator
 * (env OPERATOR, else the OS user).
 */
export async function runOperator(
  args: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  const operator = process.env.OPERATOR ?? process.env.USER ?? 'operator';
  const trail = startTrail({ kind: 'operator', operator });
  let code = 1;
  try {
    code = await inTrail(trail, () => runCommand(args, operator, out, err));
    return code;
  } finally {
    if (trail.subjects.size > 0) {
      await recordTrail(trail, { operation: `operator ${args[0] ?? ''}`.trim(), action: args[0] === 'resolve' ? 'change' : 'read', outcome: code, at: now() });
    }
  }
}

async function runCommand(args: string[], operator: string, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'reviews') {
      const status = rest[0] ?? 'open';
      if (status !== 'open' && status !== 'resolved') {
        err(USAGE);
        return 2;
      }
      const reviews = await listReviews(status);
      if (reviews.length === 0) out(`no ${status} reviews`);
      for (const r of reviews) {
        noteAccess(r.subjectIdHash, 'operator');
        const resolution = r.status === 'resolved' ? `\t${r.decision ?? ''}\t${r.resolvedAt ?? ''}${r.note ? `\t${r.note}` : ''}` : '';
        out(`${r.id}\t${r.purpose}\t${r.status}\topened ${r.openedAt}${resolution}`);
      }
      return 0;
    }
    if (command === 'resolve') {
      const reviewId = rest[0];
      const approve = rest.includes('--approve');
      const reject = rest.includes('--reject');
      const noteAt = rest.indexOf('--note');
      const note = noteAt >= 0 ? rest[noteAt + 1] : undefined;
      if (!reviewId || reviewId.startsWith('--') || approve === reject || (noteAt >= 0 && note === undefined)) {
        err(USAGE);
        return 2;
      }
      // The case is read whether or not it can be resolved: logged either way.
      const review = await getReview(reviewId);
      if (review) noteAccess(review.subjectIdHash, 'operator');
      const resolved = await resolvePensionReview(reviewId, approve ? 'approve' : 'reject', { note, operator });
      out(`${resolved.id} resolved: ${resolved.decision}${resolved.purpose === 'pension' && approve ? ' (pension certified for 12 months)' : ''}`);
      return 0;
    }
    err(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof ProblemError) {
      err(`${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runOperator(process.argv.slice(2));
}
