/**
 * SM2 signatures (GB/T 32918.2-2016, 国密) with SM3, as API.md's `SM2-SM3` keys use them: the
 * signer's user id `1234567812345678` goes into Z, the signature is DER (SEQUENCE of r, s)
 * and travels base64 in `X-Essc-Signature`.
 *
 * The point arithmetic is @noble/curves' (audited) on the SM2 recommended curve
 * (GB/T 32918.5), SM3 is node:crypto's (OpenSSL); the scheme's equations (sections 6.1 and
 * 7.1) are written out here because no well-kept library does both well: Node's
 * `crypto.sign('sm3', key)` on an SM2-curve key computes ECDSA over the curve, not the SM2
 * scheme (no Z, another equation), and sm-crypto's verification takes ~40 ms of CPU per call
 * (bench/signing.ts) against ~6 ms here. A unit test checks interoperability both ways with
 * sm-crypto, an independent implementation.
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { SM2_USER_ID } from '@essc/sdk/canonical';

/** The user id (ID_A) both sides put into Z: the SDK's, so signer and verifier agree. */
export { SM2_USER_ID };

/** The group order (a literal, not CURVE.n: a property read would keep the curve in every bundle that reaches this file). */
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: N,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
const Point = /* @__PURE__ */ weierstrass(CURVE);

const HEX_POINT = /^04[0-9a-f]{128}$/;
const SM2_CURVE_OID = /* @__PURE__ */ Buffer.from('06082a811ccf5501822d', 'hex');

const hex32 = (x: bigint) => x.toString(16).padStart(64, '0');
const mod = (x: bigint) => ((x % N) + N) % N;
const toBig = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);

function invert(x: bigint): bigint {
  // Fermat: n is prime.
  let result = 1n;
  let base = mod(x);
  for (let e = N - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * base);
    base = mod(base * base);
  }
  return result;
}

/** e = SM3(Z_A ‖ M), Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A). */
function digest(publicKeyHex: string, message: string): bigint {
  const id = Buffer.from(SM2_USER_ID, 'utf8');
  const z = createHash('sm3')
    .update(Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]))
    .update(id)
    .update(Buffer.from(hex32(CURVE.a) + hex32(CURVE.b) + hex32(CURVE.Gx) + hex32(CURVE.Gy) + publicKeyHex.slice(2), 'hex'))
    .digest();
  return toBig(createHash('sm3').update(z).update(message, 'utf8').digest());
}

/** A DER INTEGER's minimal encoding of a positive number. */
function derInteger(x: bigint): Buffer {
  let bytes = Buffer.from(hex32(x), 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

/** (r, s) of a strictly (minimally) encoded DER signature, or undefined. */
function derDecode(der: Buffer): { r: bigint; s: bigint } | undefined {
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  let at = 2;
  const integer = (): bigint | undefined => {
    if (der[at] !== 0x02) return undefined;
    const len = der[at + 1]!;
    const body = der.subarray(at + 2, at + 2 + len);
    if (len < 1 || len > 33 || body.length !== len) return undefined;
    if (body[0]! >= 0x80) return undefined; // negative
    if (len > 1 && body[0] === 0 && body[1]! < 0x80) return undefined; // not minimal
    at += 2 + len;
    return toBig(body);
  };
  const r = integer();
  const s = integer();
  return r !== undefined && s !== undefined && at === der.length ? { r, s } : undefined;
}

/**
 * The public key as an uncompressed hex point (`04‖x‖y`), from what a partner registers:
 * that hex (128 digits without the `04` too) or a PEM SubjectPublicKeyInfo of an SM2 key.
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
      hex = der.subarray(der.length - 65).toString('hex');
    } catch {
      return undefined;
    }
  } else if (/^[0-9a-f]{128}$/.test(hex)) {
    hex = `04${hex}`;
  }
  if (!HEX_POINT.test(hex)) return undefined;
  try {
    Point.fromHex(hex).assertValidity();
    return hex;
  } catch {
    return undefined;
  }
}

/** Whether `signatureBase64` is the DER SM2-SM3 signature of `message` (UTF-8) by `publicKeyHex` (GB/T 32918.2, 7.1). */
export function verifySm2(publicKeyHex: string, message: string, signatureBase64: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64) || signatureBase64.length > 100) return false;
  const rs = derDecode(Buffer.from(signatureBase64, 'base64'));
  if (!rs || rs.r < 1n || rs.r >= N || rs.s < 1n || rs.s >= N) return false;
  const t = mod(rs.r + rs.s);
  if (t === 0n) return false;
  try {
    const P = Point.fromHex(publicKeyHex);
    // Public inputs only: the variable-time multiplication is safe and several times faster.
    const x1 = Point.BASE.multiplyUnsafe(rs.s).add(P.multiplyUnsafe(t)).toAffine().x;
    return mod(digest(publicKeyHex, message) + x1) === rs.r;
  } catch {
    return false;
  }
}

/** base64 of the DER SM2-SM3 signature of `message` (UTF-8) by the private key (GB/T 32918.2, 6.1): what a partner's server sends. */
export function signSm2(privateKeyHex: string, message: string): string {
  const d = BigInt(`0x${privateKeyHex}`);
  if (d < 1n || d >= N - 1n) throw new RangeError('not an SM2 private key');
  const e = digest(Point.BASE.multiply(d).toHex(false), message);
  for (;;) {
    const k = mod(toBig(randomBytes(32)) % (N - 1n)) + 1n;
    const r = mod(e + Point.BASE.multiply(k).toAffine().x);
    if (r === 0n || r + k === N) continue;
    const s = mod(invert(1n + d) * (k - r * d));
    if (s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('base64');
  }
}

/** A new SM2 key pair as hex (sandbox tools, tests; a partner makes its own). */
export function newSm2KeyPair(): { privateKey: string; publicKey: string } {
  const d = mod(toBig(randomBytes(32)) % (N - 2n)) + 1n;
  return { privateKey: hex32(d), publicKey: Point.BASE.multiply(d).toHex(false) };
}
