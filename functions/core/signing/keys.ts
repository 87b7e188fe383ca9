/**
 * A signer's keys as its own server manages them (`/v1/partner/keys` for channels,
 * `/v1/terminal/keys` for institutions): list, make (which starts a rotation), delete.
 * The rules are signingKey.rules.ts; each change is one transaction that also checks the
 * signer's keys are still as read.
 */
import { randomBytes } from 'node:crypto';
import { now } from '../clock.js';
import { newId } from '../ids.js';
import { pii } from '../pii/crypto.js';
import type { Key } from '../table/item.js';
import { TransactionRefused, transact, type TransactPart } from '../table/transaction.js';
import { signingErrors } from './errors.js';
import { sm2PublicKeyHex } from './sm2.js';
import { deletionPlan, rotationPlan, secretPrefix, type KeyAlgorithm, type SigningKey } from './signingKey.rules.js';
import { keyDelete, keyExpiry, keyPut, keysUnchanged, signerWithKeys, type StoredSigningKey } from './signingKey.store.js';

/** What a key looks like to its owner: never its material. */
export function keyView(key: SigningKey): SigningKey {
  return {
    keyId: key.keyId,
    algorithm: key.algorithm,
    createdAt: key.createdAt,
    ...(key.expiresAt ? { expiresAt: key.expiresAt } : {}),
    ...(key.lastUsedAt ? { lastUsedAt: key.lastUsedAt } : {}),
  };
}

export async function listKeys(owner: Key): Promise<SigningKey[]> {
  const { keys } = await signerWithKeys(owner);
  return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId)).map(keyView);
}

/** A new HMAC key secret: the environment's prefix and 32 random bytes (base64url). */
export function newKeySecret(environment: 'test' | 'live'): string {
  return `${secretPrefix(environment)}${randomBytes(32).toString('base64url')}`;
}

export interface NewKey {
  algorithm: KeyAlgorithm;
  /** SM2-SM3: the partner's public key (hex point or PEM); it keeps the private key. */
  publicKey?: string;
}

/**
 * Makes a key; every older active key then expires 24 h later. An HMAC key's secret is
 * answered once, here, and stored only encrypted.
 */
export async function createKey(owner: Key, req: NewKey, environment: 'test' | 'live'): Promise<SigningKey & { secret?: string }> {
  let publicKey: string | undefined;
  if (req.algorithm === 'SM2-SM3') {
    publicKey = req.publicKey === undefined ? undefined : sm2PublicKeyHex(req.publicKey);
    if (!publicKey) throw signingErrors.problem('invalid_public_key', { errors: [{ field: 'publicKey', message: 'invalid_public_key' }] });
  } else if (req.publicKey !== undefined) {
    throw signingErrors.problem('invalid_public_key', { errors: [{ field: 'publicKey', message: 'only SM2-SM3 keys have a public key' }] });
  }
  const at = now();
  const { record, keys } = await signerWithKeys(owner);
  if (!record) throw signingErrors.problem('keys_changed');
  const plan = rotationPlan(keys, at);
  if (!plan.ok) throw signingErrors.problem('rotation_in_progress');
  const secret = req.algorithm === 'HMAC-SHA256' ? newKeySecret(environment) : undefined;
  const key: StoredSigningKey = {
    keyId: newId('key'),
    algorithm: req.algorithm,
    createdAt: at.toISOString(),
    ...(secret ? { secretEnc: (await pii()).encrypt('secret', secret) } : {}),
    ...(publicKey ? { publicKey } : {}),
  };
  await changeKeys(owner, record.keysVersion, [
    ['newKey', keyPut(owner.pk, key)],
    ['olderKeysExpire', plan.expire.map((e) => keyExpiry(owner.pk, e.keyId, e.expiresAt))],
  ]);
  return { ...keyView(key), ...(secret ? { secret } : {}) };
}

/** Deletes a key; never the last active one. */
export async function deleteKey(owner: Key, keyId: string): Promise<void> {
  const { record, keys } = await signerWithKeys(owner);
  if (!record) throw signingErrors.problem('key_not_found');
  const plan = deletionPlan(keys, keyId, now());
  if (!plan.ok) throw signingErrors.problem(plan.reason);
  await changeKeys(owner, record.keysVersion, [['deletedKey', keyDelete(owner.pk, keyId)]]);
}

async function changeKeys(owner: Key, seenVersion: number | undefined, parts: TransactPart[]) {
  try {
    await transact([['keysUnchanged', keysUnchanged(owner, seenVersion)], ...parts]);
  } catch (err) {
    // Another change of these keys committed between our read and this write: nothing was written.
    if (err instanceof TransactionRefused) throw signingErrors.problem('keys_changed', { cause: err });
    throw err;
  }
}

