/**
 * In-process events of signed routes (terminals, portals, partners): a real HTTP API event
 * (tests/unit/support/lambda.ts `routeEvent`) with the signature headers of API.md, signed
 * with an HMAC secret or an SM2 private key (by sm-crypto, an implementation independent
 * of the server's, so the server's SM2 is checked against it on every call).
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sign, canonicalString } from '../../functions/core/signing/signature.rules.js';
import { epochSeconds, now } from '../../functions/core/clock.js';
import { routeEvent } from '../unit/support/lambda.js';
import { independentSign as referenceSign } from './sm2Independent.js';

export interface TestSigner {
  header: 'x-essc-channel' | 'x-essc-institution';
  id: string;
  keyId?: string;
  /** HMAC-SHA256 */
  secret?: string;
  /** SM2-SM3 */
  sm2PrivateKey?: string;
}

export interface SignedEventOptions {
  rawPath?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Unix seconds; default the (test-shifted) clock's now. */
  timestamp?: number;
  nonce?: string;
  /** Extra or overriding headers (a wrong content hash, a forged key id, …). */
  headers?: Record<string, string>;
  /** Sign this body text but send `body`. */
  signedBody?: string;
}

export function signedRouteEvent(signer: TestSigner, method: string, route: string, opts: SignedEventOptions = {}): APIGatewayProxyEventV2 {
  const text = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const rawPath = opts.rawPath ?? route;
  const rawQuery = new URLSearchParams(opts.query ?? {}).toString();
  const pathWithQuery = rawQuery ? `${rawPath}?${rawQuery}` : rawPath;
  const timestamp = opts.timestamp ?? epochSeconds(now());
  const nonce = opts.nonce ?? randomBytes(12).toString('base64url');
  const parts = { method, pathWithQuery, timestamp, nonce, body: opts.signedBody ?? text };
  const signature = signer.sm2PrivateKey ? referenceSign(signer.sm2PrivateKey, canonicalString(parts)) : sign(signer.secret!, parts);
  return routeEvent(method, route, {
    rawPath,
    ...(opts.query ? { query: opts.query } : {}),
    ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
    ...(text ? { body: text } : {}),
    headers: {
      'content-type': 'application/json',
      [signer.header]: signer.id,
      ...(signer.keyId ? { 'x-essc-key-id': signer.keyId } : {}),
      'x-essc-timestamp': String(timestamp),
      'x-essc-nonce': nonce,
      'x-essc-signature': signature,
      ...opts.headers,
    },
  });
}
