/**
 * SM2 signatures (GB/T 32918.2, 国密) with SM3, as API.md's `SM2-SM3` keys use them: the
 * signer's user id `1234567812345678` goes into Z, the signature is DER (SEQUENCE of r, s)
 * and travels base64 in `X-Essc-Signature`.
 *
 * Done with `sm-crypto` rather than node:crypto: Node's `crypto.sign('sm3', key)` on an
 * SM2-curve key computes ECDSA over the SM2 curve, not the SM2 signature scheme (no Z, a
 * different equation), so it interoperates with no SM2 implementation. A unit test checks
 * these functions against an independent implementation (tests/support/sm2Reference.ts).
 */
import { createPublicKey } from 'node:crypto';
import smCrypto from 'sm-crypto';

const { sm2 } = smCrypto;

/** The user id (ID_A) both sides put into Z, the GM/T 0009 default. */
export const SM2_USER_ID = '1234567812345678';

const HEX_POINT = /^04[0-9a-f]{128}$/;
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * The public key as sm-crypto's uncompressed hex point (`04‖x‖y`), from what a partner
 * registers: that hex (128 digits without the `04` too) or a PEM SubjectPublicKeyInfo.
 * Undefined for anything else, or a point not on the SM2 curve.
 */
export function sm2PublicKeyHex(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 4096) return undefined;
  let hex = input.trim().toLowerCase();
  if (hex.startsWith('-----begin public key-----')) {
    try {
      const der = createPublicKey(input.trim()).export({ type: 'spki', format: 'der' });
      // Node names no key type for SM2 keys; the SPKI's curve must be SM2's (1.2.156.10197.1.301).
      if (!der.includes(SM2_CURVE_OID)) return undefined;
      // An uncompressed point is the SPKI's last 65 bytes; the curve check below refuses others.
      hex = der.subarray(der.length - 65).toString('hex');
    } catch {
      return undefined;
    }
  } else if (/^[0-9a-f]{128}$/.test(hex)) {
    hex = `04${hex}`;
  }
  if (!HEX_POINT.test(hex)) return undefined;
  return (sm2 as unknown as { verifyPublicKey(key: string): boolean }).verifyPublicKey(hex) ? hex : undefined;
}

/** Whether `signatureBase64` is the DER SM2-SM3 signature of `message` (UTF-8) by `publicKeyHex`. */
export function verifySm2(publicKeyHex: string, message: string, signatureBase64: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64) || signatureBase64.length > 200) return false;
  const der = Buffer.from(signatureBase64, 'base64').toString('hex');
  try {
    return sm2.doVerifySignature(message, der, publicKeyHex, { der: true, hash: true, userId: SM2_USER_ID });
  } catch {
    return false;
  }
}

/** base64 of the DER SM2-SM3 signature of `message` (UTF-8): what a partner's server sends. */
export function signSm2(privateKeyHex: string, message: string, publicKeyHex?: string): string {
  const der = sm2.doSignature(message, privateKeyHex, { der: true, hash: true, userId: SM2_USER_ID, ...(publicKeyHex ? { publicKey: publicKeyHex } : {}) });
  return Buffer.from(der, 'hex').toString('base64');
}

/** A new SM2 key pair as hex (sandbox tools, tests; a partner makes its own). */
export function newSm2KeyPair(): { privateKey: string; publicKey: string } {
  return sm2.generateKeyPairHex();
}
