/**
 * essc's keys for proofs: the Ed25519 key that signs a proof's document (PROOF_SIGNING_JWK,
 * only the issuing function has it), the public keys that check a signature by key id
 * (PROOF_PUBLIC_JWKS, so a rotated-out key still verifies what it signed), and the HMAC key of
 * proof ids and download links (PROOF_LINK_SECRET). Node's crypto, nothing else: Ed25519 is
 * built in, and a JWK is what the OIDC signing key already uses.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { apiPublicUrl, ConfigError, proofLinkSecret, proofPublicJwks, proofSigningJwk } from '../core/config.js';
import { isProofId, linkTokenOf, openLinkToken, proofIdOf, PROOF_ID_RANDOM_BYTES } from './proof.rules.js';

interface Jwk {
  kty?: string;
  crv?: string;
  kid?: string;
  x?: string;
  d?: string;
}

function parseJwk(text: string, name: string): Jwk {
  try {
    return JSON.parse(text) as Jwk;
  } catch {
    throw new ConfigError(`${name} is not JSON`);
  }
}

let signer: { source: string; keyId: string; key: KeyObject } | undefined;

function signingKey(): { keyId: string; key: KeyObject } {
  const source = proofSigningJwk();
  if (signer?.source !== source) {
    const jwk = parseJwk(source, 'PROOF_SIGNING_JWK');
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.kid) throw new ConfigError('PROOF_SIGNING_JWK must be a private Ed25519 JWK with a kid');
    signer = { source, keyId: jwk.kid, key: createPrivateKey({ key: jwk as Record<string, string>, format: 'jwk' }) };
  }
  return signer;
}

let verifiers: { source: string; keys: Map<string, KeyObject> } | undefined;

function publicKey(keyId: string): KeyObject | undefined {
  const source = proofPublicJwks();
  if (verifiers?.source !== source) {
    const set = parseJwk(source, 'PROOF_PUBLIC_JWKS') as { keys?: Jwk[] };
    const keys = new Map<string, KeyObject>();
    for (const jwk of set.keys ?? []) {
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.kid || !jwk.x) throw new ConfigError('PROOF_PUBLIC_JWKS holds only public Ed25519 JWKs with a kid');
      keys.set(jwk.kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
    }
    verifiers = { source, keys };
  }
  return verifiers.keys.get(keyId);
}

/** The key id of the key that signs new proofs. */
export function signingKeyId(): string {
  return signingKey().keyId;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The document text's SHA-256 and essc's Ed25519 signature of the text (base64url). */
export function signDocument(text: string): { sha256: string; signature: string; keyId: string } {
  const { keyId, key } = signingKey();
  return { sha256: sha256Hex(text), signature: sign(null, Buffer.from(text, 'utf8'), key).toString('base64url'), keyId };
}

/**
 * Whether a stored document still is what essc signed: its hash is the stored one, and the
 * signature (by the key it names) holds over its text as it is now.
 */
export function checkDocument(text: string, stored: { sha256: string; signature: string; keyId: string }): { hashValid: boolean; signatureValid: boolean } {
  const hashValid = sha256Hex(text) === stored.sha256;
  const key = publicKey(stored.keyId);
  let signatureValid = false;
  if (key) {
    try {
      signatureValid = verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(stored.signature, 'base64url'));
    } catch {
      signatureValid = false;
    }
  }
  return { hashValid, signatureValid };
}

export function newProofId(): string {
  return proofIdOf(proofLinkSecret(), randomBytes(PROOF_ID_RANDOM_BYTES));
}

/** An id essc made (format and tag): anything else is refused before a read. */
export function knownProofId(id: string): boolean {
  return isProofId(proofLinkSecret(), id);
}

export function downloadToken(id: string, expiresAt: Date): string {
  return linkTokenOf(proofLinkSecret(), id, Math.floor(expiresAt.getTime() / 1000));
}

export function checkDownloadToken(id: string, token: string, at: Date): 'valid' | 'expired' | 'invalid' {
  return openLinkToken(proofLinkSecret(), id, token, Math.floor(at.getTime() / 1000));
}

/** The API's public base URL (API_PUBLIC_URL): proofs link to it, so it must be set where proofs are made or served. */
function baseUrl(): string {
  const url = apiPublicUrl();
  if (!url) throw new ConfigError('Missing required environment variable API_PUBLIC_URL');
  return url.replace(/\/+$/, '');
}

/** The public verification page of a proof: what its QR code opens. */
export function verificationUrl(id: string): string {
  return `${baseUrl()}/v1/proofs/${id}/verification`;
}

export function downloadUrl(id: string, token: string): string {
  return `${baseUrl()}/v1/proofs/${id}/document?token=${encodeURIComponent(token)}`;
}
