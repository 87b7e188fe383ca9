/**
 * Tencent Cloud FaceID (腾讯云慧眼人脸核身), API 3.0, version 2018-03-01, as documented:
 * - DetectAuth {RuleId, IdCard, Name, RedirectUrl, Extra} → Response {BizToken, Url, RequestId};
 *   a BizToken is valid for 7,200 s. The client runs the face UI from Url (H5) or with the
 *   BizToken (mini-program plugin).
 * - GetDetectInfoEnhanced {BizToken, RuleId, InfoType} → Response {Text: {ErrCode, ErrMsg,
 *   IdCard, Name, LiveStatus, Comparestatus, Extra, …}, RequestId}; ErrCode 0 = passed. The
 *   result can be pulled for 3 days. InfoType "1" asks for the text part only (no photos).
 * - Errors come as Response.Error {Code, Message} (e.g. InvalidParameterValue.BizTokenExpired).
 * - Every request is signed with TC3-HMAC-SHA256 ("signature v3"), see tc3Sign.
 */
import { createHash, createHmac } from 'node:crypto';
import { now as clockNow } from '../../core/clock.js';
import {
  FaceProviderError,
  type FaceOutcome,
  type FaceProvider,
  type HttpFetch,
  type QueryFaceInput,
  type StartFaceInput,
  type StartedFace,
} from '../face.js';

export const TENCENT_FACEID_HOST = 'faceid.tencentcloudapi.com';
export const TENCENT_FACEID_VERSION = '2018-03-01';
/** How long a BizToken can start a face check. */
export const TENCENT_BIZTOKEN_TTL_MS = 7200 * 1000;

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export interface Tc3SignInput {
  secretId: string;
  secretKey: string;
  /** The product, first label of the host: "faceid", "cvm"… */
  service: string;
  /** Unix seconds; also the X-TC-Timestamp header. */
  timestamp: number;
  /** Request headers by name; those listed in signedHeaders are signed. Must include host and content-type. */
  headers: Record<string, string>;
  /** Lowercase names of the signed headers; default content-type and host. */
  signedHeaders?: string[];
  payload: string;
  method?: 'POST' | 'GET';
  canonicalUri?: string;
  canonicalQueryString?: string;
}

export interface Tc3Signature {
  canonicalRequest: string;
  stringToSign: string;
  credentialScope: string;
  signature: string;
  authorization: string;
}

/**
 * TC3-HMAC-SHA256, as Tencent Cloud's "signature v3" document describes it:
 *   CanonicalRequest = Method\nURI\nQuery\nCanonicalHeaders\nSignedHeaders\nhex(SHA256(payload))
 *     CanonicalHeaders: `key:value\n` for each signed header, key and value lowercased and
 *     trimmed, sorted by key;
 *   StringToSign = "TC3-HMAC-SHA256"\nTimestamp\n<UTC date>/<service>/tc3_request\nhex(SHA256(CanonicalRequest))
 *   SecretSigning = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
 *   Signature = hex(HMAC(SecretSigning, StringToSign))
 *   Authorization = "TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=<…>, Signature=<…>"
 */
export function tc3Sign(input: Tc3SignInput): Tc3Signature {
  const method = input.method ?? 'POST';
  const signedNames = (input.signedHeaders ?? ['content-type', 'host']).map((h) => h.toLowerCase()).sort();
  const lowerHeaders = new Map<string, string>();
  for (const [k, v] of Object.entries(input.headers)) lowerHeaders.set(k.toLowerCase(), v);
  const canonicalHeaders = signedNames
    .map((name) => {
      const value = lowerHeaders.get(name);
      if (value === undefined) throw new TypeError(`tc3Sign: signed header ${name} is missing`);
      return `${name}:${value.trim().toLowerCase()}\n`;
    })
    .join('');
  const signedHeaders = signedNames.join(';');
  const canonicalRequest = [
    method,
    input.canonicalUri ?? '/',
    input.canonicalQueryString ?? '',
    canonicalHeaders,
    signedHeaders,
    sha256Hex(input.payload),
  ].join('\n');

  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10); // UTC date
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), credentialScope, sha256Hex(canonicalRequest)].join('\n');

  const secretDate = hmac(`TC3${input.secretKey}`, date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');

  const authorization =
    `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, credentialScope, signature, authorization };
}

export interface TencentFaceProviderOptions {
  secretId: string;
  secretKey: string;
  /** The business flow id (业务流程ID) created in the FaceID console. */
  ruleId: string;
  /** X-TC-Region; FaceID does not need one, so it is sent only when set. */
  region?: string;
  /** X-TC-Token, for temporary credentials. */
  sessionToken?: string;
  /** Defaults to faceid.tencentcloudapi.com. */
  host?: string;
  /** Defaults to https://<host>/ (tests may point elsewhere). */
  endpoint?: string;
  fetch?: HttpFetch;
  now?: () => Date;
  timeoutMs?: number;
}

interface TencentError {
  Code?: string;
  Message?: string;
}

interface TencentResponse {
  Error?: TencentError;
  RequestId?: string;
  [field: string]: unknown;
}

/** A Response.Error from Tencent Cloud, kept apart so callers can map specific codes. */
class TencentApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function sameIdNumber(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export class TencentFaceProvider implements FaceProvider {
  readonly name = 'tencent' as const;
  private readonly options: TencentFaceProviderOptions;
  private readonly host: string;
  private readonly endpoint: string;
  private readonly fetchImpl: HttpFetch;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(options: TencentFaceProviderOptions) {
    this.options = options;
    this.host = options.host ?? TENCENT_FACEID_HOST;
    this.endpoint = options.endpoint ?? `https://${this.host}/`;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? clockNow;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async start(input: StartFaceInput): Promise<StartedFace> {
    const startedAt = this.now();
    const params: Record<string, string> = {
      RuleId: this.options.ruleId,
      IdCard: input.subject.idNumber,
      Name: input.subject.name,
      Extra: input.outSeqNo,
    };
    if (input.returnUrl !== undefined && input.returnUrl !== '') params.RedirectUrl = input.returnUrl;
    let response: TencentResponse;
    try {
      response = await this.call('DetectAuth', params);
    } catch (err) {
      throw this.wrap('DetectAuth', err);
    }
    const bizToken = response.BizToken;
    if (typeof bizToken !== 'string' || bizToken === '') {
      throw new FaceProviderError('Tencent DetectAuth answered without a BizToken', 'tencent');
    }
    const handoff: Record<string, string> = { bizToken };
    if (typeof response.Url === 'string' && response.Url !== '') handoff.url = response.Url;
    return {
      providerRef: bizToken,
      handoff,
      expiresAt: new Date(startedAt.getTime() + TENCENT_BIZTOKEN_TTL_MS),
    };
  }

  async query(input: QueryFaceInput): Promise<FaceOutcome> {
    let response: TencentResponse;
    try {
      response = await this.call('GetDetectInfoEnhanced', {
        BizToken: input.providerRef,
        RuleId: this.options.ruleId,
        InfoType: '1',
      });
    } catch (err) {
      if (err instanceof TencentApiError && err.code === 'InvalidParameterValue.BizTokenExpired') {
        return { status: 'failed', reason: 'expired (InvalidParameterValue.BizTokenExpired)' };
      }
      throw this.wrap('GetDetectInfoEnhanced', err);
    }
    const text = response.Text;
    if (text === undefined || text === null) return { status: 'pending' };
    if (typeof text !== 'object' || Array.isArray(text)) {
      throw new FaceProviderError('Tencent GetDetectInfoEnhanced answered an unreadable Text', 'tencent');
    }
    const t = text as Record<string, unknown>;
    const errCode = t.ErrCode;
    // The documented Text template has ErrCode null until the user has been through the flow.
    if (errCode === undefined || errCode === null) return { status: 'pending' };
    if (typeof errCode !== 'number' || !Number.isInteger(errCode)) {
      throw new FaceProviderError('Tencent GetDetectInfoEnhanced answered an unreadable ErrCode', 'tencent');
    }
    if (errCode !== 0) return { status: 'failed', reason: `not_passed (ErrCode ${errCode})` };
    // Passed: make sure it is this verification and this person before trusting it.
    if (typeof t.Extra === 'string' && t.Extra !== '' && t.Extra !== input.outSeqNo) {
      return { status: 'failed', reason: 'mismatch (Extra)' };
    }
    if (typeof t.IdCard === 'string' && t.IdCard !== '' && !sameIdNumber(t.IdCard, input.subject.idNumber)) {
      return { status: 'failed', reason: 'mismatch (IdCard)' };
    }
    return { status: 'passed' };
  }

  private wrap(action: string, err: unknown): FaceProviderError {
    if (err instanceof FaceProviderError) return err;
    if (err instanceof TencentApiError) {
      return new FaceProviderError(`Tencent ${action} refused: ${err.code}`, 'tencent', { cause: err });
    }
    return new FaceProviderError(`Tencent ${action} failed`, 'tencent', { cause: err });
  }

  /** Signs and sends one API 3.0 call; resolves with Response (without Error) or throws. */
  private async call(action: string, params: Record<string, unknown>): Promise<TencentResponse> {
    const payload = JSON.stringify(params);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const contentType = 'application/json; charset=utf-8';
    const signed = tc3Sign({
      secretId: this.options.secretId,
      secretKey: this.options.secretKey,
      service: this.host.split('.')[0]!,
      timestamp,
      headers: { 'content-type': contentType, host: this.host, 'x-tc-action': action },
      signedHeaders: ['content-type', 'host', 'x-tc-action'],
      payload,
    });
    const headers: Record<string, string> = {
      Authorization: signed.authorization,
      'Content-Type': contentType,
      'X-TC-Action': action,
      'X-TC-Version': TENCENT_FACEID_VERSION,
      'X-TC-Timestamp': String(timestamp),
    };
    if (this.options.region) headers['X-TC-Region'] = this.options.region;
    if (this.options.sessionToken) headers['X-TC-Token'] = this.options.sessionToken;

    let response: Response;
    try {
      response = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new FaceProviderError(`Tencent ${action} unreachable`, 'tencent', { cause: err });
    }
    if (!response.ok) {
      throw new FaceProviderError(`Tencent ${action} answered HTTP ${response.status}`, 'tencent');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (err) {
      throw new FaceProviderError(`Tencent ${action} answer is not JSON`, 'tencent', { cause: err });
    }
    const inner = (body as { Response?: unknown } | null)?.Response;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      throw new FaceProviderError(`Tencent ${action} answer has no Response`, 'tencent');
    }
    const res = inner as TencentResponse;
    if (res.Error !== undefined) {
      throw new TencentApiError(typeof res.Error.Code === 'string' ? res.Error.Code : 'Unknown');
    }
    return res;
  }
}
