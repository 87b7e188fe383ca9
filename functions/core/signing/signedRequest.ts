/**
 * Verifying a request signed as API.md's terminal API says — used by terminals
 * (X-Essc-Institution) and channels (X-Essc-Channel): the signer's key named by
 * `X-Essc-Key-Id` (else its oldest active key) over method, path with query, timestamp,
 * nonce and body hash (HMAC-SHA256, or SM2-SM3); a timestamp within 300 s; a nonce used once.
 * Each refusal is a 401 with its own code and what the partner needs to fix it (the server's
 * time, the string the server signed), never the expected signature.
 *
 * The signer and its keys are one Query per request (core/signing/signingKey.store.ts), so a
 * suspended signer or a deleted key stops at once; only decrypted HMAC secrets are cached.
 * The nonce claim (and, at most hourly, the key's `lastUsedAt`) runs alongside the call's
 * first reads; core/http/route.ts lets nothing be written or answered before it succeeds.
 */
import { epochSeconds, now } from '../clock.js';
import { pii } from '../pii/crypto.js';
import type { ProblemError } from '../problem.js';
import type { Key } from '../table/item.js';
import { signingErrors } from './errors.js';
import { NONCE_TTL_SECONDS, canonicalString, hmacMatches, isWellFormed, sha256Hex, withinWindow, type SignedParts } from './signature.rules.js';
import { claimNonce } from './nonce.store.js';
import { KEY_ID_PATTERN, LAST_USED_RESOLUTION_MS, keyForRequest, lastUsedIsStale } from './signingKey.rules.js';
import { signerWithKeys, touchKey, type StoredSigningKey } from './signingKey.store.js';
import { verifySm2 } from './sm2.js';

export interface SignedRequest {
  headers: Record<string, string | undefined>;
  method: string;
  pathWithQuery: string;
  body: string;
}

export interface Signer<T> {
  /** The header naming the signer, e.g. `X-Essc-Institution`. */
  idHeader: string;
  /** The refusal for an unknown or inactive signer (the signer's capability owns its code). */
  unknown(): ProblemError;
  /** The key of the signer's own item; its keys share its partition. */
  ownerKey(id: string): Key;
  /** Whether the signer's record may sign now (its state, its kind). */
  accepts(record: T): boolean;
  /** Where this signer's nonces live, so different kinds of signers never collide. */
  nonceScope(id: string): string;
}

/** Signer ids are table keys: short and printable. */
const SIGNER_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Decrypted HMAC secrets by their ciphertext (a rotated key is a new ciphertext). */
const secrets = new Map<string, Promise<string>>();
const MAX_SECRETS = 256;

function secretOf(key: StoredSigningKey): Promise<string> {
  const enc = key.secretEnc!;
  let secret = secrets.get(enc);
  if (!secret) {
    if (secrets.size >= MAX_SECRETS) secrets.delete(secrets.keys().next().value!);
    secret = pii().then((cipher) => cipher.decrypt('secret', enc));
    secret.catch(() => secrets.delete(enc));
    secrets.set(enc, secret);
  }
  return secret;
}

async function signatureMatches(key: StoredSigningKey, parts: SignedParts, signature: string): Promise<boolean> {
  if (key.algorithm === 'SM2-SM3') return !!key.publicKey && verifySm2(key.publicKey, canonicalString(parts), signature);
  return !!key.secretEnc && hmacMatches(await secretOf(key), parts, signature);
}

export interface StartedSignedRequest<T> {
  signer: T;
  keyId: string;
  /**
   * Resolves once the nonce is claimed; rejects with `replayed_nonce` for a replay. It is
   * the invocation's write gate (core/table/writeGate.ts): the call may read meanwhile, not write.
   */
  nonceClaimed: Promise<void>;
}

const missing = (name: string) => signingErrors.problem('missing_signature', { header: name }, { errors: [{ field: name, message: 'missing_signature' }] });
const malformed = (field: string) => signingErrors.problem('malformed_signature', { errors: [{ field, message: 'malformed_signature' }] });

/** Checks the headers, the signer, its key and the signature now; starts the nonce claim without waiting for it. */
export async function startSignedRequest<T>(req: SignedRequest, signer: Signer<T>): Promise<StartedSignedRequest<T>> {
  const h = req.headers;
  const id = h[signer.idHeader.toLowerCase()];
  const timestamp = h['x-essc-timestamp'];
  const nonce = h['x-essc-nonce'];
  const signature = h['x-essc-signature'];
  const keyId = h['x-essc-key-id'];
  const contentSha256 = h['x-essc-content-sha256'];
  for (const [name, value] of [
    [signer.idHeader, id],
    ['X-Essc-Timestamp', timestamp],
    ['X-Essc-Nonce', nonce],
    ['X-Essc-Signature', signature],
  ] as const) {
    if (!value) throw missing(name);
  }
  if (!SIGNER_ID_PATTERN.test(id!)) throw signer.unknown();
  if (keyId !== undefined && !KEY_ID_PATTERN.test(keyId)) throw malformed('X-Essc-Key-Id');
  const parts: SignedParts = { method: req.method, pathWithQuery: req.pathWithQuery, timestamp: timestamp!, nonce: nonce!, body: req.body };
  if (!isWellFormed(parts)) throw malformed(/^\d{1,12}$/.test(timestamp!) ? 'X-Essc-Nonce' : 'X-Essc-Timestamp');

  const owner = signer.ownerKey(id!);
  const { record, keys } = await signerWithKeys<T>(owner);
  if (!record || !signer.accepts(record)) throw signer.unknown();
  const at = now();
  const choice = keyForRequest(keys, keyId, at);
  if (!choice.ok) throw signingErrors.problem(choice.reason, { errors: [{ field: 'X-Essc-Key-Id', message: choice.reason }] });
  const key = choice.key;

  if (!withinWindow(timestamp!, epochSeconds(at))) {
    const serverTime = at.toISOString();
    throw signingErrors.problem('stale_timestamp', { serverTime }, {
      errors: [{ field: 'X-Essc-Timestamp', message: 'stale_timestamp' }],
      extensions: { serverTime, serverTimestamp: epochSeconds(at) },
    });
  }
  const bodySha256 = sha256Hex(req.body);
  if (contentSha256 !== undefined && contentSha256.toLowerCase() !== bodySha256) {
    throw signingErrors.problem('body_hash_mismatch', {
      errors: [{ field: 'X-Essc-Content-Sha256', message: 'body_hash_mismatch' }],
      extensions: { bodySha256 },
    });
  }
  if (!(await signatureMatches(key, parts, signature!))) {
    throw signingErrors.problem('bad_signature', {
      errors: [{ field: 'X-Essc-Signature', message: 'bad_signature' }],
      // What the server signed, so the partner can diff it with its own; nothing secret.
      extensions: { keyId: key.keyId, algorithm: key.algorithm, signedString: canonicalString(parts), bodySha256 },
    });
  }
  // Only a correctly signed request may use up a nonce, so nobody can burn others' nonces.
  const nonceClaimed = Promise.all([
    claimNonce(signer.nonceScope(id!), nonce!, epochSeconds(at) + NONCE_TTL_SECONDS).then((fresh) => {
      if (!fresh) throw signingErrors.problem('replayed_nonce', { errors: [{ field: 'X-Essc-Nonce', message: 'replayed_nonce' }] });
    }),
    lastUsedIsStale(key, at) ? touchKey(owner.pk, key.keyId, at.toISOString(), new Date(at.getTime() - LAST_USED_RESOLUTION_MS).toISOString()) : undefined,
  ]).then(() => undefined);
  // Awaited later (the write gate, the route); until then a rejection is not "unhandled".
  nonceClaimed.catch(() => undefined);
  return { signer: record, keyId: key.keyId, nonceClaimed };
}
