/**
 * Personal information at rest: AES-256-GCM encryption with a data key, and a keyed hash
 * (HMAC-SHA256) to find a record by ID number without storing the number in clear.
 * On AWS the two keys are KMS data keys (decrypted once per container); in dev and tests
 * they are derived from a local key that only those stages have.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { kmsDecrypt } from './kmsDecrypt.js';
import { ConfigError, piiDataKeyCiphertext, piiHashKeyCiphertext, piiKeySource, piiLocalKey, type EnvVar } from '../config.js';

/** What a value is; bound into the ciphertext so one kind can't be passed off as another. */
export type PiiKind = 'name' | 'idNumber' | 'cardNumber' | 'phone' | 'secret' | 'holderRef' | 'patientRef';

export interface PiiKeys {
  encryptionKey: Buffer;
  hashKey: Buffer;
}

export class PiiCipher {
  constructor(private readonly keys: PiiKeys) {
    if (keys.encryptionKey.length !== 32 || keys.hashKey.length !== 32) {
      throw new ConfigError('PII keys must be 32 bytes');
    }
  }

  encrypt(kind: PiiKind, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryptionKey, iv);
    cipher.setAAD(Buffer.from(kind));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  decrypt(kind: PiiKind, sealed: string): string {
    const [version, ivText, bodyText] = sealed.split('.');
    if (version !== 'v1' || !ivText || !bodyText) throw new Error('Unknown PII ciphertext format');
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.keys.encryptionKey, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(kind));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for lookups; the kind keeps hashes of different fields apart. */
  hash(kind: PiiKind, value: string): string {
    return createHmac('sha256', this.keys.hashKey).update(`${kind}:${value}`).digest('base64url');
  }
}

export function keysFromLocalKey(hexKey: string): PiiKeys {
  const master = Buffer.from(hexKey, 'hex');
  if (master.length !== 32) throw new ConfigError('PII_LOCAL_KEY must be 32 bytes of hex');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { encryptionKey: derive('essc-pii-encryption'), hashKey: derive('essc-pii-hash') };
}

async function keysFromKms(): Promise<PiiKeys> {
  const decrypt = (variable: EnvVar<string>) => kmsDecrypt(Buffer.from(variable(), 'base64'));
  const [encryptionKey, hashKey] = await Promise.all([decrypt(piiDataKeyCiphertext), decrypt(piiHashKeyCiphertext)]);
  return { encryptionKey, hashKey };
}

let cached: Promise<PiiCipher> | undefined;

/** The container's cipher, built once from PII_KEY_SOURCE (`local` or `kms`). */
export function pii(): Promise<PiiCipher> {
  if (!cached) {
    const source = piiKeySource();
    cached =
      source === 'local'
        ? Promise.resolve(new PiiCipher(keysFromLocalKey(piiLocalKey())))
        : source === 'kms'
          ? keysFromKms().then((k) => new PiiCipher(k))
          : Promise.reject(new ConfigError(`PII_KEY_SOURCE must be local or kms, not ${source}`));
    cached.catch(() => (cached = undefined));
  }
  return cached;
}
