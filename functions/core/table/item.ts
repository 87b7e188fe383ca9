/**
 * Items of the one table: the key and index attributes every item carries, and turning a
 * stored item back into its entity's record. Each `*.store.ts` owns its keys and items and
 * uses these.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName } from './ddb.js';

export interface Key {
  pk: string;
  sk: string;
}

/** One part of a TransactWriteItems: a Put, Update, Delete or ConditionCheck. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A Put that creates an item: refused (ConditionalCheckFailed) when an item has its key. */
export interface NewItemPut {
  TableName: string;
  Item: Record<string, unknown>;
  ConditionExpression: 'attribute_not_exists(pk)';
}

/**
 * The Put of a new item: its key, its type, the record, then the attributes the store derives
 * (`derived`: index keys, ttl). A transaction's part as `{ Put: newItem(…) }`, a PutCommand's
 * input as it is.
 */
export function newItem(key: Key, type: string, record: object, derived: Record<string, unknown> = {}): NewItemPut {
  return { TableName: tableName(), Item: { ...key, type, ...record, ...derived }, ConditionExpression: 'attribute_not_exists(pk)' };
}

/** The table's own attributes, which are no part of an entity's record. */
const TABLE_ATTRIBUTES = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk']);

/** A stored item as its entity's record: the key, type and index attributes left out. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!TABLE_ATTRIBUTES.has(k)) record[k] = v;
  return record as T;
}

/** An Update's expression with its names and values. */
export interface UpdateClauses {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * The update that writes each field of `set` (undefined ones skipped) and removes those of
 * `remove`, after the entity's own assignments (`first`: its version or status move and the
 * names and values its condition uses). Every field goes by its own `#name` and `:value`, so
 * any field name is safe, DynamoDB's reserved words included.
 */
export function fieldUpdate(
  first: { sets: string[]; names: Record<string, string>; values: Record<string, unknown> },
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): UpdateClauses {
  const names = { ...first.names };
  const values = { ...first.values };
  const sets = [...first.sets];
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  for (const k of remove) names[`#${k}`] = k;
  return {
    UpdateExpression: `SET ${sets.join(', ')}${remove.length ? ` REMOVE ${remove.map((k) => `#${k}`).join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
