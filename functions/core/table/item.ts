/**
 * Items of the one table: the key and index attributes every item carries, and turning a
 * stored item back into its entity's record. Each `*.store.ts` owns its keys and items and
 * uses these.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export interface Key {
  pk: string;
  sk: string;
}

/** One part of a TransactWriteItems: a Put, Update, Delete or ConditionCheck. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The table's own attributes, which are no part of an entity's record. */
const TABLE_ATTRIBUTES = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk']);

/** A stored item as its entity's record: the key, type and index attributes left out. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!TABLE_ATTRIBUTES.has(k)) record[k] = v;
  return record as T;
}
