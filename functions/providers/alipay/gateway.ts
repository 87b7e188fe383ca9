/**
 * Alipay OpenAPI gateway (the `gateway.do` "OpenAPI 2.0" protocol): RSA2 request signing,
 * response signature verification and the signed GET URL used by page-type methods.
 * Shared by the Alipay face adapter (providers/alipay/face.ts) and the Alipay login
 * adapter (providers/alipay/login.ts), which wrap AlipayGatewayError in their own errors.
 *
 * Protocol, as the Alipay open platform documents it:
 * - Public params: app_id, method, format ("JSON"), charset ("utf-8"), sign_type ("RSA2"),
 *   timestamp ("yyyy-MM-dd HH:mm:ss", China time), version ("1.0"), biz_content (the
 *   business params as a JSON string); a few old methods (alipay.system.oauth.token)
 *   take their business params as top-level params instead of biz_content.
 * - Sign content: every param except `sign` and except empty values, sorted by name
 *   (ASCII ascending), joined as `k=v&k=v` with raw (not URL-encoded) values; sign_type
 *   is part of it. sign = base64(SHA256withRSA(app private key, UTF-8 sign content)).
 * - Response: `{"<method with . replaced by _>_response": {...}, "sign": "..."}`, or
 *   `{"error_response": {...}}`; the node has code ("10000" = success), msg, sub_code,
 *   sub_msg. Its signature is over the node's JSON text exactly as it appears in the
 *   body, verified with the Alipay public key.
 */
import {
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  type KeyObject,
} from 'node:crypto';
import type { HttpFetch } from '../face.js';
import { now as clockNow } from '../../core/clock.js';

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

/** Params that SDKs put in the gateway URL; everything else (biz_content…) goes in the body. */
const URL_PARAMS = new Set([
  'app_id',
  'method',
  'format',
  'charset',
  'sign_type',
  'sign',
  'timestamp',
  'version',
  'notify_url',
  'return_url',
  'app_auth_token',
  'app_cert_sn',
  'alipay_root_cert_sn',
]);

export type AlipayGatewayErrorKind = 'network' | 'http' | 'parse' | 'signature';

/** The gateway could not be reached, or answered something we cannot trust or read. */
export class AlipayGatewayError extends Error {
  override name = 'AlipayGatewayError';
  constructor(
    message: string,
    readonly kind: AlipayGatewayErrorKind,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }
  readonly status: number | undefined;
}

/** `yyyy-MM-dd HH:mm:ss` in China time (UTC+8, no daylight saving), as the gateway wants. */
export function alipayTimestamp(date: Date): string {
  const iso = new Date(date.getTime() + 8 * 3600_000).toISOString(); // 2024-01-02T03:04:05.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The string that is signed: sorted `k=v` pairs, `sign` and empty values left out. */
export function alipaySignContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

function looksPem(key: string): boolean {
  return key.includes('-----BEGIN');
}

/**
 * The app private key: a PEM (PKCS#1 or PKCS#8), a KeyObject, or the bare base64 body the
 * Alipay key tool prints (PKCS#8 for Java, PKCS#1 for other languages).
 */
export function toPrivateKey(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key;
  if (looksPem(key)) return createPrivateKey(key);
  const der = Buffer.from(key.replace(/\s+/g, ''), 'base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/** The Alipay public key: a PEM, a KeyObject, or the bare base64 SPKI body shown in the console. */
export function toPublicKey(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key;
  if (looksPem(key)) return createPublicKey(key);
  const der = Buffer.from(key.replace(/\s+/g, ''), 'base64');
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

/** base64(SHA256withRSA) of the UTF-8 content. */
export function signRsa2(content: string, privateKey: string | KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(toPrivateKey(privateKey), 'base64');
}

export function verifyRsa2(content: string, signature: string, publicKey: string | KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(content, 'utf8')
      .verify(toPublicKey(publicKey), signature, 'base64');
  } catch {
    return false;
  }
}

/**
 * The raw JSON text of the value of top-level `key` in `body`, exactly as sent (the
 * response signature covers these bytes, escapes included). Undefined if absent.
 */
export function rawJsonMember(body: string, key: string): string | undefined {
  const needle = JSON.stringify(key);
  let from = 0;
  for (;;) {
    const at = body.indexOf(needle, from);
    if (at < 0) return undefined;
    let i = at + needle.length;
    while (i < body.length && /\s/.test(body[i]!)) i++;
    if (body[i] !== ':') {
      from = at + 1;
      continue;
    }
    i++;
    while (i < body.length && /\s/.test(body[i]!)) i++;
    const start = i;
    const first = body[i];
    if (first !== '{' && first !== '[') {
      from = at + 1;
      continue;
    }
    let depth = 0;
    let inString = false;
    for (; i < body.length; i++) {
      const ch = body[i]!;
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return body.slice(start, i + 1);
      }
    }
    return undefined;
  }
}

export interface AlipayGatewayOptions {
  appId: string;
  /** App private key (应用私钥). */
  privateKey: string | KeyObject;
  /** Alipay public key (支付宝公钥); when set, response signatures are verified. */
  alipayPublicKey?: string | KeyObject;
  /** Defaults to the production gateway. */
  gateway?: string;
  fetch?: HttpFetch;
  now?: () => Date;
  timeoutMs?: number;
}

export interface AlipayRequest {
  /** Business params, sent as the JSON string biz_content. */
  bizContent?: Record<string, unknown>;
  /** Extra top-level params (old-style methods such as alipay.system.oauth.token). */
  params?: Record<string, string>;
}

/** The response node: `<method>_response` or `error_response`. */
export interface AlipayResponseNode {
  code?: string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  [field: string]: unknown;
}

export interface AlipayResponse {
  /** Which key carried the node. */
  key: string;
  node: AlipayResponseNode;
  /** True when the node's signature was checked with the Alipay public key. */
  verified: boolean;
}

/** An adapter that reaches Alipay through one gateway, built from the adapter's options. */
export abstract class AlipayGatewayClient {
  protected readonly gateway: AlipayGateway;

  constructor(options: AlipayGatewayOptions) {
    this.gateway = new AlipayGateway(options);
  }
}

export class AlipayGateway {
  private readonly appId: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject | undefined;
  private readonly gateway: string;
  private readonly fetchImpl: HttpFetch;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(options: AlipayGatewayOptions) {
    this.appId = options.appId;
    this.privateKey = toPrivateKey(options.privateKey);
    this.publicKey = options.alipayPublicKey === undefined ? undefined : toPublicKey(options.alipayPublicKey);
    this.gateway = options.gateway ?? ALIPAY_GATEWAY;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? clockNow;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** All params of a request, `sign` included. */
  signedParams(method: string, request: AlipayRequest = {}): Record<string, string> {
    const params: Record<string, string> = {
      app_id: this.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: alipayTimestamp(this.now()),
      version: '1.0',
      ...request.params,
    };
    if (request.bizContent !== undefined) params.biz_content = JSON.stringify(request.bizContent);
    params.sign = signRsa2(alipaySignContent(params), this.privateKey);
    return params;
  }

  /**
   * The signed GET URL of a page-type method (the SDKs' pageExecute with GET): the gateway
   * URL with every param, `sign` included, in the query string. The browser / client opens it.
   */
  pageUrl(method: string, request: AlipayRequest = {}): string {
    const url = new URL(this.gateway);
    for (const [k, v] of Object.entries(this.signedParams(method, request))) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Calls a method; resolves with its response node (success or error), signature checked. */
  async call(method: string, request: AlipayRequest = {}): Promise<AlipayResponse> {
    const params = this.signedParams(method, request);
    const url = new URL(this.gateway);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (URL_PARAMS.has(k)) url.searchParams.set(k, v);
      else body.set(k, v);
    }

    let response: Response;
    try {
      response = await this.fetchImpl(url.toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new AlipayGatewayError(`Alipay gateway unreachable (${method})`, 'network', { cause: err });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw new AlipayGatewayError(`Alipay gateway answer unreadable (${method})`, 'network', { cause: err });
    }
    if (!response.ok) {
      throw new AlipayGatewayError(`Alipay gateway answered HTTP ${response.status} (${method})`, 'http', {
        status: response.status,
      });
    }

    let parsed: Record<string, unknown>;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
      parsed = value as Record<string, unknown>;
    } catch (err) {
      throw new AlipayGatewayError(`Alipay gateway answer is not JSON (${method})`, 'parse', { cause: err });
    }

    const responseKey = `${method.replaceAll('.', '_')}_response`;
    const key = isObject(parsed[responseKey]) ? responseKey : isObject(parsed.error_response) ? 'error_response' : undefined;
    if (key === undefined) {
      throw new AlipayGatewayError(`Alipay gateway answer has no ${responseKey} (${method})`, 'parse');
    }
    const node = parsed[key] as AlipayResponseNode;

    let verified = false;
    if (this.publicKey !== undefined) {
      const sign = typeof parsed.sign === 'string' ? parsed.sign : undefined;
      const raw = rawJsonMember(text, key);
      if (sign !== undefined && raw !== undefined) {
        if (!verifyRsa2(raw, sign, this.publicKey)) {
          throw new AlipayGatewayError(`Alipay response signature is invalid (${method})`, 'signature');
        }
        verified = true;
      } else if (node.code === '10000') {
        // A success must be signed; an unsigned error grants nothing, so it is let through.
        throw new AlipayGatewayError(`Alipay response is not signed (${method})`, 'signature');
      }
    }
    return { key, node, verified };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short, personal-information-free description of an Alipay error node. */
export function describeAlipayError(node: AlipayResponseNode): string {
  const parts = [`code ${node.code ?? '?'}`];
  if (node.sub_code) parts.push(`sub_code ${node.sub_code}`);
  return parts.join(', ');
}
