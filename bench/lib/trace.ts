/**
 * Counting and tracing DynamoDB calls: a middleware on a document client's stack that
 * counts calls by operation and, when tracing, records each call (operation, the item
 * kinds it touches, start and end), so the report can show the ops a request really made
 * and which of them overlapped.
 */
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface OpEvent {
  op: string;
  detail: string;
  start: number;
  end: number;
}

type Key = Record<string, unknown> | undefined;

const OPS: Record<string, string> = {
  GetCommand: 'GetItem',
  GetItemCommand: 'GetItem',
  PutCommand: 'PutItem',
  PutItemCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  DeleteItemCommand: 'DeleteItem',
  QueryCommand: 'Query',
  QueryItemCommand: 'Query',
  TransactWriteCommand: 'TransactWriteItems',
  TransactWriteItemsCommand: 'TransactWriteItems',
  TransactGetCommand: 'TransactGetItems',
  BatchWriteCommand: 'BatchWriteItem',
  BatchGetCommand: 'BatchGetItem',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && 'S' in v ? String((v as { S: unknown }).S) : '');

/** The kind of item a key names, from its sort key: CARD, BINDING, CODE, YEAR, TXN, ... */
export function itemKind(key: Key): string {
  if (!key) return '?';
  const sk = str(key.sk);
  const pk = str(key.pk);
  const head = sk.split('#')[0] ?? '?';
  if (head === 'ENTRY') return 'LEDGER';
  if (head === 'TXN') return 'HOLDER_TXN';
  if (head === 'COUNT') return pk.split('#')[0] ?? 'COUNT';
  return head;
}

function describe(op: string, input: Record<string, unknown>): string {
  if (op === 'TransactWriteItems') {
    const items = (input.TransactItems as Record<string, { Key?: Key; Item?: Key }>[] | undefined) ?? [];
    return items
      .map((it) => {
        const [kind, body] = Object.entries(it)[0] ?? ['?', {}];
        return `${kind} ${itemKind(body.Key ?? body.Item)}`;
      })
      .join(', ');
  }
  const key = (input.Key ?? input.Item) as Key;
  const consistent = input.ConsistentRead ? ', consistent' : '';
  return key ? `${itemKind(key)}${consistent}` : '';
}

export class OpRecorder {
  readonly counts = new Map<string, number>();
  /** GetItem calls by item kind (INSTITUTION, CODE, ...). */
  readonly reads = new Map<string, number>();
  private events: OpEvent[] | undefined;

  attach(doc: DynamoDBDocumentClient): this {
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const op = OPS[context.commandName ?? ''] ?? context.commandName ?? '?';
        this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
        if (op === 'GetItem') {
          const kind = itemKind((args.input as { Key?: Key }).Key);
          this.reads.set(kind, (this.reads.get(kind) ?? 0) + 1);
        }
        if (!this.events) return next(args);
        const start = performance.now();
        try {
          return await next(args);
        } finally {
          this.events?.push({ op, detail: describe(op, args.input as Record<string, unknown>), start, end: performance.now() });
        }
      },
      { step: 'initialize', name: 'benchOpRecorder' },
    );
    return this;
  }

  snapshot(): Map<string, number> {
    return new Map(this.counts);
  }

  /** Calls made since `before`, by operation. */
  since(before: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [op, n] of this.counts) {
      const d = n - (before.get(op) ?? 0);
      if (d > 0) out.set(op, d);
    }
    return out;
  }

  /** Records every call made while `fn` runs (run it alone: nothing else in flight). */
  async trace(fn: () => Promise<unknown>): Promise<OpEvent[]> {
    this.events = [];
    try {
      await fn();
      return this.events;
    } finally {
      this.events = undefined;
    }
  }
}

/**
 * A trace as a sequence of round trips: calls that overlapped in time are one step,
 * written `A ∥ B`; steps are joined with →.
 */
export function sequence(events: OpEvent[]): string[] {
  const sorted = [...events].sort((a, b) => a.start - b.start);
  const steps: OpEvent[][] = [];
  let end = -Infinity;
  for (const e of sorted) {
    const last = steps.at(-1);
    if (last && e.start < end) {
      last.push(e);
      end = Math.max(end, e.end);
    } else {
      steps.push([e]);
      end = e.end;
    }
  }
  return steps.map((s) => s.map((e) => `${e.op}(${e.detail})`).join(' ∥ '));
}
