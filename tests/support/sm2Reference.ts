/**
 * An independent SM2 signature (GB/T 32918.2-2016, section 6 and 7) for tests: the point
 * arithmetic of @noble/curves on the SM2 recommended curve (GB/T 32918.5), SM3 from
 * node:crypto (OpenSSL), the equations written out here from the standard. It shares no
 * code with sm-crypto, which the server uses, so agreement between the two is evidence of
 * interoperability with partners' SM2 libraries.
 */
import { createHash, randomBytes } from 'node:crypto';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';

const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
const Point = weierstrass(CURVE);
const n = CURVE.n;

const hex32 = (x: bigint) => x.toString(16).padStart(64, '0');
const mod = (x: bigint, m = n) => ((x % m) + m) % m;
const sm3 = (...parts: Buffer[]) => createHash('sm3').update(Buffer.concat(parts)).digest();

function invert(x: bigint): bigint {
  // Fermat: n is prime.
  let result = 1n;
  let base = mod(x);
  let e = n - 2n;
  while (e > 0n) {
    if (e & 1n) result = mod(result * base);
    base = mod(base * base);
    e >>= 1n;
  }
  return result;
}

/** e = SM3(Z_A ‖ M), Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A). */
function digest(publicKeyHex: string, message: string, userId: string): bigint {
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  const pub = Buffer.from(publicKeyHex.slice(2), 'hex');
  const z = sm3(entl, id, ...[CURVE.a, CURVE.b, CURVE.Gx, CURVE.Gy].map((v) => Buffer.from(hex32(v), 'hex')), pub);
  return BigInt(`0x${sm3(z, Buffer.from(message, 'utf8')).toString('hex')}`);
}

function derInteger(x: bigint): Buffer {
  let bytes = Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derDecode(der: Buffer): { r: bigint; s: bigint } {
  if (der[0] !== 0x30 || der[1] !== der.length - 2) throw new Error('not a DER sequence');
  let at = 2;
  const int = () => {
    if (der[at] !== 0x02) throw new Error('not a DER integer');
    const len = der[at + 1]!;
    const value = BigInt(`0x${der.subarray(at + 2, at + 2 + len).toString('hex')}`);
    at += 2 + len;
    return value;
  };
  return { r: int(), s: int() };
}

export function referenceKeyPair(): { privateKey: string; publicKey: string } {
  const d = mod(BigInt(`0x${randomBytes(32).toString('hex')}`), n - 2n) + 1n;
  return { privateKey: hex32(d), publicKey: Point.BASE.multiply(d).toHex(false) };
}

/** base64 of the DER signature of `message` by the private key (GB/T 32918.2, 6.1). */
export function referenceSign(privateKeyHex: string, message: string, userId = '1234567812345678'): string {
  const d = BigInt(`0x${privateKeyHex}`);
  const e = digest(Point.BASE.multiply(d).toHex(false), message, userId);
  for (;;) {
    const k = mod(BigInt(`0x${randomBytes(32).toString('hex')}`), n - 1n) + 1n;
    const x1 = Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1);
    if (r === 0n || r + k === n) continue;
    const s = mod(invert(1n + d) * (k - r * d));
    if (s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('base64');
  }
}

/** Whether the base64 DER signature holds (GB/T 32918.2, 7.1). */
export function referenceVerify(publicKeyHex: string, message: string, signatureBase64: string, userId = '1234567812345678'): boolean {
  const { r, s } = derDecode(Buffer.from(signatureBase64, 'base64'));
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const e = digest(publicKeyHex, message, userId);
  const t = mod(r + s);
  if (t === 0n) return false;
  const P = Point.fromHex(publicKeyHex);
  const x1 = Point.BASE.multiply(s).add(P.multiply(t)).toAffine().x;
  return mod(e + x1) === r;
}
