/**
 * SM2-SM3 signatures interoperate: what the server signs and verifies (@noble/curves +
 * OpenSSL's SM3) agrees with an independent implementation (sm-crypto,
 * tests/support/sm2Independent.ts), both ways, on the canonical strings partners sign.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newSm2KeyPair, signSm2, sm2PublicKeyHex, verifySm2 } from '../../../../functions/core/signing/sm2.js';
import { canonicalString } from '../../../../functions/core/signing/signature.rules.js';
import { independentKeyPair as referenceKeyPair, independentSign as referenceSign, independentVerify as referenceVerify } from '../../../support/sm2Independent.js';

const canonical = canonicalString({
  method: 'POST',
  pathWithQuery: '/v1/partner/launch-tickets',
  timestamp: 1764590400,
  nonce: 'bm9uY2Utbm9uY2U',
  body: '{"partnerUserId":"u-1"}',
});

describe('SM2-SM3 signatures', () => {
  it('a signature made by the independent implementation verifies on the server', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (message) => {
        const pair = referenceKeyPair();
        expect(verifySm2(pair.publicKey, message, referenceSign(pair.privateKey, message))).toBe(true);
      }),
      { numRuns: 25 },
    );
    const pair = referenceKeyPair();
    expect(verifySm2(pair.publicKey, canonical, referenceSign(pair.privateKey, canonical))).toBe(true);
  });

  it('a signature made with the server side library verifies in the independent implementation', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (message) => {
        const pair = newSm2KeyPair();
        expect(referenceVerify(pair.publicKey, message, signSm2(pair.privateKey, message))).toBe(true);
        expect(verifySm2(pair.publicKey, message, signSm2(pair.privateKey, message))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses another message, another key, another user id, a tampered or malformed signature', () => {
    const pair = referenceKeyPair();
    const other = referenceKeyPair();
    const sig = referenceSign(pair.privateKey, canonical);
    expect(verifySm2(pair.publicKey, `${canonical}x`, sig)).toBe(false);
    expect(verifySm2(other.publicKey, canonical, sig)).toBe(false);
    expect(verifySm2(pair.publicKey, canonical, referenceSign(pair.privateKey, canonical, 'ALICE123@YAHOO.COM'))).toBe(false);
    const bytes = Buffer.from(sig, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(verifySm2(pair.publicKey, canonical, bytes.toString('base64'))).toBe(false);
    for (const bad of ['', 'not base64!', 'AAAA', 'A'.repeat(400)]) expect(verifySm2(pair.publicKey, canonical, bad)).toBe(false);
  });

  it('takes a public key as a hex point (with or without 04) or PEM, and refuses anything else', () => {
    const pair = referenceKeyPair();
    expect(sm2PublicKeyHex(pair.publicKey)).toBe(pair.publicKey);
    expect(sm2PublicKeyHex(pair.publicKey.slice(2).toUpperCase())).toBe(pair.publicKey);
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fromPem = sm2PublicKeyHex(pem);
    expect(fromPem).toMatch(/^04[0-9a-f]{128}$/);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const bad of ['', '04', `04${'0'.repeat(128)}`, `05${pair.publicKey.slice(2)}`, p256, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----']) {
      expect(sm2PublicKeyHex(bad), bad.slice(0, 30)).toBeUndefined();
    }
  });
});
