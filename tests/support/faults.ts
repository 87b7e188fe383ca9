/**
 * An injectable fault layer on the DynamoDB client (issue 9): a middleware on the one client
 * of the process (core/table/ddb) that, while a plan is active, makes a call fail the way
 * DynamoDB and the network do:
 *
 * - `throttle`: ThrottlingException before the call reaches the table (nothing written);
 * - `conflict`: TransactionCanceledException with TransactionConflict reasons, for transactions;
 * - `timeoutAfterCommit`: the write reaches the table and commits, then the caller gets a
 *   TimeoutError (the outcome is unknown to the caller: the case retries must handle);
 * - `reset`: a connection reset, before the call is sent.
 *
 * It sits in the `initialize` step, above the SDK's own retries, so each fault reaches essc's
 * code as if the SDK had given up. Its randomness is the caller's (a seeded generator, so a
 * failing run names its seed and replays).
 */
import { ddb } from '../../functions/core/table/ddb.js';
import { WRITE_COMMANDS } from '../../functions/core/table/writeGate.js';

export type FaultKind = 'throttle' | 'conflict' | 'timeoutAfterCommit' | 'reset';

export interface FaultStats {
  calls: number;
  injected: Record<FaultKind, number>;
}

export interface FaultLayer {
  /** Faults on: each call fails with probability `rate`, with one of the kinds that fit it. */
  enable(plan: { rate: number; random: () => number }): void;
  disable(): void;
  readonly stats: FaultStats;
}

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'server', $metadata: { httpStatusCode: 400 }, ...extra });
}

let installed: FaultLayer | undefined;

/** The process's fault layer, installed on first use (idempotent). */
export function faultLayer(): FaultLayer {
  if (installed) return installed;
  let plan: { rate: number; random: () => number } | undefined;
  const stats: FaultStats = { calls: 0, injected: { throttle: 0, conflict: 0, timeoutAfterCommit: 0, reset: 0 } };
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      if (!plan) return next(args);
      stats.calls++;
      const command = context.commandName ?? '';
      if (plan.random() >= plan.rate) return next(args);
      const kinds: FaultKind[] = ['throttle', 'reset'];
      if (command === 'TransactWriteItemsCommand') kinds.push('conflict');
      if (WRITE_COMMANDS.has(command)) kinds.push('timeoutAfterCommit');
      const kind = kinds[Math.floor(plan.random() * kinds.length)]!;
      stats.injected[kind]++;
      switch (kind) {
        case 'throttle':
          throw awsError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
        case 'reset':
          throw Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
        case 'conflict': {
          const items = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
          throw awsError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]', {
            CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === 0 ? 'TransactionConflict' : 'None' })),
          });
        }
        case 'timeoutAfterCommit':
          await next(args);
          throw awsError('TimeoutError', 'Connection timed out after the request was sent');
      }
    },
    { step: 'initialize', name: 'esscFaults', priority: 'high' },
  );
  installed = {
    enable: (p) => {
      plan = p;
    },
    disable: () => {
      plan = undefined;
    },
    stats,
  };
  return installed;
}
