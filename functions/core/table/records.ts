/**
 * The reads every store makes, in one place: one item by key, a partition's items by sort
 * key prefix, a gsi1 partition. Each returns entity records (`fromItem`); a store keeps its
 * keys and says which reads must be strongly consistent.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './ddb.js';
import { fromItem, type Key } from './item.js';

export interface ReadOptions {
  /** Strongly consistent (the default): a read right after a write sees it. */
  consistent?: boolean;
}

/** The raw item at `key`, or undefined. */
export async function getItem(key: Key, { consistent = true }: ReadOptions = {}): Promise<Record<string, unknown> | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent }));
  return out.Item;
}

/** The record at `key`, or undefined. */
export async function getRecord<T>(key: Key, options?: ReadOptions): Promise<T | undefined> {
  const item = await getItem(key, options);
  return item ? fromItem<T>(item) : undefined;
}

/** Every record of partition `pk` whose sort key starts with `prefix`. */
export async function queryPrefix<T>(pk: string, prefix: string, options: ReadOptions = {}): Promise<T[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: options.consistent ?? true,
    }),
  );
  return (out.Items ?? []).map((item) => fromItem<T>(item));
}

/** The records of gsi1 partition `gsi1pk` (an index is never strongly consistent). */
export async function queryIndex<T>(gsi1pk: string, options: { limit?: number; newestFirst?: boolean } = {}): Promise<T[]> {
  // Without a limit: every page (a Query answers at most 1 MB at a time).
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ...(options.limit ? { Limit: options.limit } : {}),
        ...(options.newestFirst ? { ScanIndexForward: false } : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = options.limit ? undefined : out.LastEvaluatedKey;
  } while (start);
  return items.map((item) => fromItem<T>(item));
}
