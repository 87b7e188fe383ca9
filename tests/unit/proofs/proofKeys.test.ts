/** essc's proof keys: the Ed25519 signature and hash of a document, ids and links under the link key, from typed config. */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/core/config.js';
import {
  checkDocument,
  checkDownloadToken,
  downloadToken,
  downloadUrl,
  knownProofId,
  newProofId,
  sha256Hex,
  signDocument,
  signingKeyId,
  verificationUrl,
} from '../../../functions/proofs/proofKeys.js';

const NAMES = ['PROOF_SIGNING_JWK', 'PROOF_PUBLIC_JWKS', 'PROOF_LINK_SECRET', 'API_PUBLIC_URL'] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { priv: { ...privateKey.export({ format: 'jwk' }), kid }, pub: { ...publicKey.export({ format: 'jwk' }), kid } };
}
const k1 = keyPair('k1');
const k2 = keyPair('k2');

beforeAll(() => {
  process.env.PROOF_SIGNING_JWK = JSON.stringify(k1.priv);
  process.env.PROOF_PUBLIC_JWKS = JSON.stringify({ keys: [k1.pub] });
  process.env.PROOF_LINK_SECRET = 'unit-test-link-secret-unit-test-link-secret';
  process.env.API_PUBLIC_URL = 'https://api.essc.example/';
});
afterAll(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

describe('signing a document', () => {
  it('the signature and the hash hold for the text signed, and for nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }), (text, extra) => {
        const signed = signDocument(text);
        expect(signed.keyId).toBe('k1');
        expect(signed.sha256).toBe(sha256Hex(text));
        expect(checkDocument(text, signed)).toEqual({ hashValid: true, signatureValid: true });
        // The text changed in the table: both fail.
        expect(checkDocument(text + extra, signed)).toEqual({ hashValid: false, signatureValid: false });
        // The stored hash changed to match a changed text: the signature still fails.
        expect(checkDocument(text + extra, { ...signed, sha256: sha256Hex(text + extra) })).toEqual({ hashValid: true, signatureValid: false });
      }),
      { numRuns: 30 },
    );
  });

  it('a signature by an unknown key, by another key under this kid, or that is not one, fails', () => {
    const signed = signDocument('{"v":1}');
    expect(checkDocument('{"v":1}', { ...signed, keyId: 'k9' }).signatureValid).toBe(false);
    expect(checkDocument('{"v":1}', { ...signed, signature: 'not-base64url!' }).signatureValid).toBe(false);
    expect(checkDocument('{"v":1}', { ...signed, signature: '' }).signatureValid).toBe(false);
    process.env.PROOF_SIGNING_JWK = JSON.stringify({ ...k2.priv, kid: 'k1' });
    const forged = signDocument('{"v":1}');
    expect(checkDocument('{"v":1}', forged).signatureValid).toBe(false);
    process.env.PROOF_SIGNING_JWK = JSON.stringify(k1.priv);
  });

  it('a rotated-out key still verifies what it signed, by kid', () => {
    process.env.PROOF_SIGNING_JWK = JSON.stringify(k2.priv);
    process.env.PROOF_PUBLIC_JWKS = JSON.stringify({ keys: [k2.pub, k1.pub] });
    const byK2 = signDocument('new');
    expect(signingKeyId()).toBe('k2');
    process.env.PROOF_SIGNING_JWK = JSON.stringify(k1.priv);
    const byK1 = signDocument('old');
    expect(checkDocument('new', byK2).signatureValid).toBe(true);
    expect(checkDocument('old', byK1).signatureValid).toBe(true);
    process.env.PROOF_PUBLIC_JWKS = JSON.stringify({ keys: [k1.pub] });
  });

  it('a key of the wrong kind is a configuration error, named', () => {
    process.env.PROOF_SIGNING_JWK = JSON.stringify(k1.pub);
    expect(() => signDocument('x')).toThrow(ConfigError);
    process.env.PROOF_SIGNING_JWK = 'not json';
    expect(() => signDocument('x')).toThrow(/PROOF_SIGNING_JWK/);
    process.env.PROOF_SIGNING_JWK = JSON.stringify(k1.priv);
    process.env.PROOF_PUBLIC_JWKS = JSON.stringify({ keys: [k1.priv, { kty: 'EC' }] });
    expect(() => checkDocument('x', { sha256: '', signature: '', keyId: 'k1' })).toThrow(ConfigError);
    process.env.PROOF_PUBLIC_JWKS = JSON.stringify({ keys: [k1.pub] });
  });
});

describe('ids and links', () => {
  it('ids are new each time and known; links work for their proof until they expire', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newProofId()));
    expect(ids.size).toBe(200);
    const [id, other] = [...ids] as [string, string];
    expect(knownProofId(id)).toBe(true);
    const at = new Date('2026-03-01T00:00:00Z');
    const token = downloadToken(id, new Date(at.getTime() + 3600_000));
    expect(checkDownloadToken(id, token, at)).toBe('valid');
    expect(checkDownloadToken(id, token, new Date(at.getTime() + 3600_000))).toBe('expired');
    expect(checkDownloadToken(other, token, at)).toBe('invalid');
    process.env.PROOF_LINK_SECRET = 'another-link-secret-another-link-secret';
    expect(knownProofId(id)).toBe(false);
    expect(checkDownloadToken(id, token, at)).toBe('invalid');
    process.env.PROOF_LINK_SECRET = 'unit-test-link-secret-unit-test-link-secret';
  });

  it('URLs on the API public base, without a doubled slash; none without the base', () => {
    expect(verificationUrl('pf_x')).toBe('https://api.essc.example/v1/proofs/pf_x/verification');
    expect(downloadUrl('pf_x', '1.a-b')).toBe('https://api.essc.example/v1/proofs/pf_x/document?token=1.a-b');
    delete process.env.API_PUBLIC_URL;
    expect(() => verificationUrl('pf_x')).toThrow(/API_PUBLIC_URL/);
    process.env.API_PUBLIC_URL = 'https://api.essc.example/';
  });
});
