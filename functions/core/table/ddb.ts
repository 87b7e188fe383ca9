import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { optionalEnv, requireEnv } from '../config.js';
import { passWriteGate, WRITE_COMMANDS } from './writeGate.js';

let doc: DynamoDBDocumentClient | undefined;

/** One client per container; DYNAMODB_ENDPOINT points it at DynamoDB Local. */
export function ddb(): DynamoDBDocumentClient {
  if (!doc) doc = makeDocumentClient(optionalEnv('DYNAMODB_ENDPOINT'));
  return doc;
}

export function makeDocumentClient(endpoint?: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    endpoint
      ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {},
  );
  // A write waits for the invocation's write gate (a signed request's nonce claim).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(context.commandName ?? '')) await passWriteGate();
      return next(args);
    },
    { step: 'initialize', name: 'esscWriteGate' },
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function tableName(): string {
  return requireEnv('TABLE_NAME');
}

/** The per-item reasons of a cancelled TransactWriteItems, or undefined for another error. */
function cancellationReasons(err: unknown): string[] | undefined {
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'TransactionCanceledException') {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.map((r) => r.Code ?? 'None');
  }
  return undefined;
}

export function isConditionFailed(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** A transaction that was refused because one of its conditions did not hold. */
export class TransactionRefused extends Error {
  override name = 'TransactionRefused';
  constructor(readonly reasons: string[], options?: { cause?: unknown }) {
    super(`Transaction refused: ${reasons.join(', ')}`, options);
  }
  /** Whether the item at `index` failed its condition. */
  failedAt(index: number): boolean {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
}

const RETRYABLE = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * One TransactWriteItems. Conflicts with other transactions and throttling are retried
 * with jittered backoff; a failed condition is reported (TransactionRefused), not retried.
 */
export async function transactWrite(items: object[], attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items as never }));
      return;
    } catch (err) {
      const reasons = cancellationReasons(err);
      const retryable =
        (reasons && reasons.some((r) => RETRYABLE.has(r)) && !reasons.includes('ConditionalCheckFailed')) ||
        (err as { name?: string }).name === 'TransactionConflictException' ||
        (err as { name?: string }).name === 'ThrottlingException';
      if (retryable && attempt < attempts) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
        continue;
      }
      if (reasons) throw new TransactionRefused(reasons, { cause: err });
      throw err;
    }
  }
}
