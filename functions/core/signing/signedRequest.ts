/**
 * Verifying a request signed as API.md's terminal API says — used by terminals
 * (X-Essc-Institution) and channels (X-Essc-Channel): the HMAC over method, path with
 * query, timestamp, nonce and body hash; a timestamp within 300 s; a nonce used once.
 * Each refusal is a 401 with its own code. The nonce claim runs alongside the call's first
 * reads; core/http/route.ts lets nothing be written or answered before it succeeds. The
 * signer and its decrypted secret are cached per container briefly; the pending read is
 * cached, so concurrent misses share one read.
 */
import { epochSeconds, now } from '../clock.js';
import type { ProblemError } from '../problem.js';
import { signingErrors } from './errors.js';
import { NONCE_TTL_SECONDS, verifySignature } from './signature.rules.js';
import { claimNonce } from './nonce.store.js';

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
  /** The signer and its secret, or undefined when it is unknown or may not sign. */
  lookUp(id: string): Promise<{ signer: T; secret: string } | undefined>;
  /** Where this signer's nonces live, so different kinds of signers never collide. */
  nonceScope(id: string): string;
}

const CACHE_MS = 60_000;

/** Wraps a signer's lookUp with the per-container cache. */
export function cachedLookUp<T>(lookUp: Signer<T>['lookUp']): Signer<T>['lookUp'] {
  const cache = new Map<string, { value: ReturnType<Signer<T>['lookUp']>; at: number }>();
  return (id) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = lookUp(id);
    cache.set(id, { value, at: Date.now() });
    value.catch(() => cache.delete(id));
    return value;
  };
}

export interface StartedSignedRequest<T> {
  signer: T;
  /**
   * Resolves once the nonce is claimed; rejects with `replayed_nonce` for a replay. It is
   * the invocation's write gate (core/table/writeGate.ts): the call may read meanwhile, not write.
   */
  nonceClaimed: Promise<void>;
}

/** Checks the headers, the signer and the signature now; starts the nonce claim without waiting for it. */
export async function startSignedRequest<T>(req: SignedRequest, signer: Signer<T>): Promise<StartedSignedRequest<T>> {
  const id = req.headers[signer.idHeader.toLowerCase()];
  const timestamp = req.headers['x-essc-timestamp'];
  const nonce = req.headers['x-essc-nonce'];
  const signature = req.headers['x-essc-signature'];
  for (const [name, value] of [
    [signer.idHeader, id],
    ['X-Essc-Timestamp', timestamp],
    ['X-Essc-Nonce', nonce],
    ['X-Essc-Signature', signature],
  ] as const) {
    if (!value) throw signingErrors.problem('missing_signature', { header: name }, { errors: [{ field: name, message: 'missing_signature' }] });
  }
  const found = await signer.lookUp(id!);
  if (!found) throw signer.unknown();
  const at = now();
  const check = verifySignature(
    found.secret,
    { method: req.method, pathWithQuery: req.pathWithQuery, timestamp: timestamp!, nonce: nonce!, body: req.body },
    signature!,
    epochSeconds(at),
  );
  if (!check.ok) {
    if (check.reason === 'stale_timestamp') {
      throw signingErrors.problem('stale_timestamp', { errors: [{ field: 'X-Essc-Timestamp', message: 'stale_timestamp' }] });
    }
    if (check.reason === 'malformed') {
      throw signingErrors.problem('malformed_signature', { errors: [{ field: 'X-Essc-Nonce', message: 'malformed_signature' }] });
    }
    throw signingErrors.problem('bad_signature', { errors: [{ field: 'X-Essc-Signature', message: 'bad_signature' }] });
  }
  // Only a correctly signed request may use up a nonce, so nobody can burn others' nonces.
  const nonceClaimed = claimNonce(signer.nonceScope(id!), nonce!, epochSeconds(at) + NONCE_TTL_SECONDS).then((fresh) => {
    if (!fresh) throw signingErrors.problem('replayed_nonce', { errors: [{ field: 'X-Essc-Nonce', message: 'replayed_nonce' }] });
  });
  // Awaited later (the write gate, the route); until then a rejection is not "unhandled".
  nonceClaimed.catch(() => undefined);
  return { signer: found.signer, nonceClaimed };
}
