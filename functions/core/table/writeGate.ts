/**
 * The write gate of a signed request (terminals, portals). The request's nonce is claimed
 * concurrently with the call's first reads, to save a round trip; but nothing may be
 * written before the claim has succeeded, or a replayed request could change state. So
 * the claim's promise is the invocation's gate: the DynamoDB client awaits it before every
 * write command (core/table/ddb.ts), and the route awaits it before answering (core/http/route.ts).
 * AsyncLocalStorage scopes the gate to the one invocation, however the call is written.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Gate {
  promise: Promise<void>;
}

const gates = new AsyncLocalStorage<Gate>();

/** Runs `fn` with `gate` in force: writes inside it wait for the gate, and fail if it fails. */
export function withWriteGate<T>(gate: Promise<void>, fn: () => Promise<T>): Promise<T> {
  return gates.run({ promise: gate }, fn);
}

/**
 * Adds `condition` to the gate in force (or puts one in force for `fn`): a check a use case
 * runs alongside its reads (a rate limit) holds its writes back too, without a round trip.
 */
export function behindWriteGate<T>(condition: Promise<void>, fn: () => Promise<T>): Promise<T> {
  condition.catch(() => undefined);
  const gate = gates.getStore();
  if (!gate) return gates.run({ promise: condition }, fn);
  const before = gate.promise;
  gate.promise = before.then(() => condition);
  gate.promise.catch(() => undefined);
  return fn();
}

/** Resolves when no gate is in force or the gate has opened; rejects as the gate does. */
export async function passWriteGate(): Promise<void> {
  const gate = gates.getStore();
  if (gate) await gate.promise;
}

/** DynamoDB commands that change data, by the names the SDK middleware sees. */
export const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
  'ExecuteStatementCommand',
  'ExecuteTransactionCommand',
  'BatchExecuteStatementCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
]);
