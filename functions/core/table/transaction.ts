/**
 * One TransactWriteItems per atomic change, its parts named. A use case lists its parts as
 * `[name, item or items]` pairs (a store builder may give several items for one part, like
 * the two items of a binding); a refused transaction says which named parts failed their
 * condition, so callers never count positions.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from './ddb.js';
import type { TransactItem } from './item.js';

/** A named part of a transaction; `false` or `undefined` leaves it out (a conditional part). */
export type TransactPart<N extends string = string> = readonly [name: N, items: TransactItem | readonly TransactItem[] | false | undefined];

/** A transaction that was refused because the condition of one or more parts did not hold. */
export class TransactionRefused<N extends string = string> extends Error {
  override name = 'TransactionRefused';
  constructor(
    /** The names of the parts whose condition failed, in transaction order. */
    readonly refusedParts: N[],
    /** DynamoDB's reason per item, in item order. */
    readonly reasons: string[],
    options?: { cause?: unknown },
  ) {
    super(`Transaction refused: ${refusedParts.join(', ') || reasons.join(', ')}`, options);
  }

  /** Whether the part named `name` failed its condition. */
  refused(name: N): boolean {
    return this.refusedParts.includes(name);
  }
}

/** The per-item reasons of a cancelled TransactWriteItems, or undefined for another error. */
function cancellationReasons(err: unknown): string[] | undefined {
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'TransactionCanceledException') {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.map((r) => r.Code ?? 'None');
  }
  return undefined;
}

const RETRYABLE = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);
const RETRYABLE_ERRORS = new Set(['TransactionConflictException', 'ThrottlingException', 'ProvisionedThroughputExceededException']);

/**
 * Writes the parts as one TransactWriteItems. Conflicts with other transactions and
 * throttling are retried with jittered backoff; a failed condition is reported
 * (TransactionRefused naming the parts), not retried.
 */
export async function transact<N extends string>(parts: readonly TransactPart<N>[], attempts = 5): Promise<void> {
  const items: TransactItem[] = [];
  const owners: N[] = [];
  for (const [name, part] of parts) {
    if (!part) continue;
    for (const item of Array.isArray(part) ? (part as readonly TransactItem[]) : [part as TransactItem]) {
      items.push(item);
      owners.push(name);
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (err) {
      const reasons = cancellationReasons(err);
      const retryable =
        (reasons && reasons.some((r) => RETRYABLE.has(r)) && !reasons.includes('ConditionalCheckFailed')) ||
        RETRYABLE_ERRORS.has((err as { name?: string }).name ?? '');
      if (retryable && attempt < attempts) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
        continue;
      }
      if (reasons) {
        const refused = [...new Set(reasons.flatMap((r, i) => (r === 'ConditionalCheckFailed' ? [owners[i]!] : [])))];
        throw new TransactionRefused(refused, reasons, { cause: err });
      }
      throw err;
    }
  }
}

/**
 * As `transact`, but a refusal is returned instead of thrown, typed with the parts' names:
 * `const refusal = await attemptTransact(parts); if (refusal?.refused('binding')) …`.
 * Other errors are thrown.
 */
export async function attemptTransact<N extends string>(parts: readonly TransactPart<N>[]): Promise<TransactionRefused<N> | undefined> {
  try {
    await transact(parts);
    return undefined;
  } catch (err) {
    if (err instanceof TransactionRefused) return err as TransactionRefused<N>;
    throw err;
  }
}
