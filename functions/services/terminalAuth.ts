/**
 * Authenticating a terminal request (API.md, Terminal API): the institution's HMAC over
 * method, path with query, timestamp, nonce and body hash; a timestamp within 300 s; a
 * nonce used once. Each refusal is a 401 with its own code.
 */
import { epochSeconds, now } from '../lib/clock.js';
import { ProblemError } from '../lib/problem.js';
import { pii } from '../pii/crypto.js';
import { NONCE_TTL_SECONDS, verifySignature } from '../domain/terminalSignature.js';
import { getInstitution, type InstitutionRecord } from '../store/institution.js';
import { claimNonce } from '../store/nonce.js';

export class TerminalUnauthorized extends ProblemError {
  override name = 'TerminalUnauthorized';
  constructor(code: string, detail: string, field: string) {
    super(401, code, detail, { errors: [{ field, message: code }] });
  }
}

/**
 * Institutions change rarely: cache them (and their decrypted secret) per container briefly.
 * The pending read is cached, not its result, so requests arriving together share one read.
 */
type CachedInstitution = { inst: InstitutionRecord | undefined; secret?: string };
const cache = new Map<string, { value: Promise<CachedInstitution>; at: number }>();
const CACHE_MS = 60_000;

function institutionWithSecret(id: string): Promise<CachedInstitution> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = (async () => {
    const inst = await getInstitution(id);
    const secret = inst ? (await pii()).decrypt('secret', inst.secretEnc) : undefined;
    return { inst, secret };
  })();
  cache.set(id, { value, at: Date.now() });
  value.catch(() => cache.delete(id));
  return value;
}

export interface TerminalRequest {
  headers: Record<string, string | undefined>;
  method: string;
  pathWithQuery: string;
  body: string;
}

export async function authenticateTerminal(req: TerminalRequest): Promise<InstitutionRecord> {
  const id = req.headers['x-essc-institution'];
  const timestamp = req.headers['x-essc-timestamp'];
  const nonce = req.headers['x-essc-nonce'];
  const signature = req.headers['x-essc-signature'];
  for (const [name, value] of [
    ['X-Essc-Institution', id],
    ['X-Essc-Timestamp', timestamp],
    ['X-Essc-Nonce', nonce],
    ['X-Essc-Signature', signature],
  ] as const) {
    if (!value) throw new TerminalUnauthorized('missing_signature', `The ${name} header is required.`, name);
  }
  const { inst, secret } = await institutionWithSecret(id!);
  if (!inst || !inst.active || !secret) {
    throw new TerminalUnauthorized('unknown_institution', 'Unknown or inactive institution.', 'X-Essc-Institution');
  }
  const at = now();
  const check = verifySignature(
    secret,
    { method: req.method, pathWithQuery: req.pathWithQuery, timestamp: timestamp!, nonce: nonce!, body: req.body },
    signature!,
    epochSeconds(at),
  );
  if (!check.ok) {
    if (check.reason === 'stale_timestamp') {
      throw new TerminalUnauthorized('stale_timestamp', 'The timestamp is more than 300 s off.', 'X-Essc-Timestamp');
    }
    if (check.reason === 'malformed') {
      throw new TerminalUnauthorized('malformed_signature', 'The signature headers are malformed.', 'X-Essc-Nonce');
    }
    throw new TerminalUnauthorized('bad_signature', 'The signature does not match.', 'X-Essc-Signature');
  }
  // Only a correctly signed request may use up a nonce, so nobody can burn others' nonces.
  if (!(await claimNonce(inst.id, nonce!, epochSeconds(at) + NONCE_TTL_SECONDS))) {
    throw new TerminalUnauthorized('replayed_nonce', 'This nonce was used before.', 'X-Essc-Nonce');
  }
  return inst;
}
