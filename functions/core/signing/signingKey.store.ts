/**
 * Signing keys live in their signer's partition (a channel's `CHANNEL#<id>`, an
 * institution's `INSTITUTION#<id>`), `sk = KEY#<keyId>`: one Query reads the signer and all
 * its keys, so a suspended signer or a deleted key stops at once, with no cache to outlive it.
 * The signer's own item carries `keysVersion`, which every change of its keys bumps, so two
 * concurrent rotations cannot both add a key.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from '../table/ddb.js';
import { fromItem, type Key, type TransactItem } from '../table/item.js';
import type { SigningKey } from './signingKey.rules.js';

/** A key as stored: an HMAC key's secret encrypted (PiiCipher kind 'secret'), an SM2 key's public point. */
export interface StoredSigningKey extends SigningKey {
  secretEnc?: string;
  /** Uncompressed hex point (`04‖x‖y`). */
  publicKey?: string;
}

export const KEY_SK_PREFIX = 'KEY#';

export const signingKeyKey = (ownerPk: string, keyId: string): Key => ({ pk: ownerPk, sk: `${KEY_SK_PREFIX}${keyId}` });

export function signingKeyItem(ownerPk: string, key: StoredSigningKey): Record<string, unknown> {
  return { ...signingKeyKey(ownerPk, key.keyId), type: 'signingKey', ...key };
}

/** The signer's own item (at `owner`) and its keys, in one eventually consistent Query. */
export async function signerWithKeys<T>(owner: Key): Promise<{ record: (T & { keysVersion?: number }) | undefined; keys: StoredSigningKey[] }> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': owner.pk },
    }),
  );
  let record: (T & { keysVersion?: number }) | undefined;
  const keys: StoredSigningKey[] = [];
  for (const item of out.Items ?? []) {
    if (item.sk === owner.sk) record = fromItem(item);
    else if (typeof item.sk === 'string' && item.sk.startsWith(KEY_SK_PREFIX)) keys.push(fromItem<StoredSigningKey>(item));
  }
  return { record, keys };
}

/** The new key, never over an existing one. */
export function keyPut(ownerPk: string, key: StoredSigningKey): TransactItem {
  return { Put: { TableName: tableName(), Item: signingKeyItem(ownerPk, key), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Gives an existing key its expiry (rotation). */
export function keyExpiry(ownerPk: string, keyId: string, expiresAt: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: signingKeyKey(ownerPk, keyId),
      UpdateExpression: 'SET expiresAt = :e',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':e': expiresAt },
    },
  };
}

export function keyDelete(ownerPk: string, keyId: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: signingKeyKey(ownerPk, keyId), ConditionExpression: 'attribute_exists(pk)' } };
}

/** The signer's keys are still as read (`keysVersion`), and the signer still exists; bumps the version. */
export function keysUnchanged(owner: Key, seenVersion: number | undefined): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: owner,
      UpdateExpression: 'SET keysVersion = :next',
      ConditionExpression:
        seenVersion === undefined ? 'attribute_exists(pk) AND attribute_not_exists(keysVersion)' : 'attribute_exists(pk) AND keysVersion = :seen',
      ExpressionAttributeValues: { ':next': (seenVersion ?? 0) + 1, ...(seenVersion === undefined ? {} : { ':seen': seenVersion }) },
    },
  };
}

/** Writes down a use of the key, unless a use at or after `cutoff` already is (at most one write per period). */
export async function touchKey(ownerPk: string, keyId: string, at: string, cutoff: string): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: signingKeyKey(ownerPk, keyId),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :cutoff)',
        ExpressionAttributeValues: { ':at': at, ':cutoff': cutoff },
      }),
    );
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
  }
}
