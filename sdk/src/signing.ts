/**
 * Signing a request to essc's signed APIs as a channel (`X-Essc-Channel`) or an institution
 * (`X-Essc-Institution`), with an `HMAC-SHA256` secret or an `SM2-SM3` private key.
 *
 * An SM2 key is any `sign(message)` that answers the base64 DER SM2 signature (user id
 * `1234567812345678`) of the UTF-8 message: a bank's signing machine (加密机) or HSM plugs in
 * there; `sm2Key()` makes one from a private key in hex with sm-crypto.
 */
import { createHmac, randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { canonicalString, signedPathWithQuery, SM2_USER_ID } from './canonical.js';

export { SM2_USER_ID };

export interface HmacKey {
  algorithm: 'HMAC-SHA256';
  /** `X-Essc-Key-Id`; without it essc uses the signer's oldest active key. */
  keyId?: string;
  /** `essc_test_…` or `essc_live_…`, as essc showed it once. */
  secret: string;
}

export interface Sm2Key {
  algorithm: 'SM2-SM3';
  keyId?: string;
  /** The base64 DER SM2-SM3 signature of `message` (UTF-8), user id 1234567812345678. */
  sign(message: string): string | Promise<string>;
}

export type SigningKey = HmacKey | Sm2Key;

/** Who signs: a channel (partners, portals) or a designated institution (terminals). */
export type Signer = { channelId: string; key: SigningKey } | { institutionId: string; key: SigningKey };

/** An `SM2-SM3` key from a private key (64 hex digits); `publicKey` (04…, 130 hex digits) saves deriving it each time. */
export function sm2Key(opts: { keyId?: string; privateKey: string; publicKey?: string }): Sm2Key {
  if (!/^[0-9a-fA-F]{64}$/.test(opts.privateKey)) throw new TypeError('privateKey must be 64 hex digits');
  // (@types/sm-crypto 0.3 predates getPublicKeyFromPrivateKey; sm-crypto 0.5 has it.)
  const sm2 = smCrypto.sm2 as typeof smCrypto.sm2 & { getPublicKeyFromPrivateKey(privateKey: string): string };
  const publicKey = opts.publicKey ?? sm2.getPublicKeyFromPrivateKey(opts.privateKey);
  return {
    algorithm: 'SM2-SM3',
    ...(opts.keyId ? { keyId: opts.keyId } : {}),
    sign: (message) =>
      Buffer.from(smCrypto.sm2.doSignature(message, opts.privateKey, { hash: true, der: true, publicKey, userId: SM2_USER_ID }), 'hex').toString('base64'),
  };
}

/** A fresh SM2 key pair (hex): register `publicKey` with `POST /v1/partner/keys`, keep `privateKey`. */
export function generateSm2KeyPair(): { privateKey: string; publicKey: string } {
  const pair = smCrypto.sm2.generateKeyPairHex();
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** 16 random bytes, base64url: one per request, so a retry is never a replay. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export interface RequestToSign {
  method: string;
  /** The URL fetched (its path and query are signed as sent). */
  url: string | URL;
  /** The exact bytes sent; undefined for no body. */
  body?: string | Uint8Array;
  /** Unix seconds; default now. */
  timestamp?: number;
  nonce?: string;
}

/** The signature headers (lower-case names) of one request. */
export async function signatureHeaders(signer: Signer, req: RequestToSign): Promise<Record<string, string>> {
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  const nonce = req.nonce ?? newNonce();
  const timestamp = req.timestamp ?? Math.floor(Date.now() / 1000);
  const message = canonicalString({
    method: req.method.toUpperCase(),
    pathWithQuery: signedPathWithQuery(url.pathname, url.search.slice(1)),
    timestamp,
    nonce,
    body: req.body,
  });
  const { key } = signer;
  const signature = key.algorithm === 'SM2-SM3' ? await key.sign(message) : createHmac('sha256', key.secret).update(message, 'utf8').digest('base64');
  return {
    ...('channelId' in signer ? { 'x-essc-channel': signer.channelId } : { 'x-essc-institution': signer.institutionId }),
    ...(key.keyId ? { 'x-essc-key-id': key.keyId } : {}),
    'x-essc-timestamp': String(timestamp),
    'x-essc-nonce': nonce,
    'x-essc-signature': signature,
  };
}
