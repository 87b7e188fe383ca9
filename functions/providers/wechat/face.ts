/**
 * WeChat face verification 2.0 (微信人脸核身 2.0), as documented by WeChat:
 * - getVerifyId: POST https://api.weixin.qq.com/cityservice/face/identify/getverifyid?access_token=…
 *   body {out_seq_no, cert_info: {cert_type, cert_name, cert_no}, openid}
 *   → {errcode, errmsg, verify_id, expires_in (seconds, default 3600)}.
 * - The mini-program calls wx.requestFacialVerify({verifyId}).
 * - queryVerifyInfo: POST …/cityservice/face/identify/queryverifyinfo?access_token=…
 *   body {verify_id, out_seq_no, cert_hash, openid} → {errcode, errmsg, verify_ret}.
 *   Passed only when errcode = 0 and verify_ret = 10000. WeChat checks cert_info and openid
 *   against the getVerifyId call and answers an errcode (not a verify_ret) when they differ.
 * - cert_hash = lowercase hex SHA-256 of
 *   `cert_type=<base64>&cert_name=<base64>&cert_no=<base64>` (standard base64 of each UTF-8 value).
 */
import { createHash } from 'node:crypto';
import { now as clockNow } from '../../core/clock.js';
import {
  FaceProviderError,
  type FaceOutcome,
  type FaceProvider,
  type FaceSubject,
  type HttpFetch,
  type QueryFaceInput,
  type StartFaceInput,
  type StartedFace,
} from '../face.js';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';
export const WECHAT_CERT_TYPE_ID_CARD = 'IDENTITY_CARD';

export interface WechatFaceProviderOptions {
  /** A valid access_token of the mini-program (cached and refreshed by the caller). */
  getAccessToken: () => Promise<string>;
  fetch?: HttpFetch;
  now?: () => Date;
  /** Defaults to https://api.weixin.qq.com. */
  apiBase?: string;
  timeoutMs?: number;
}

const b64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64');

/** cert_hash for queryVerifyInfo, from the same cert_info that went to getVerifyId. */
export function wechatCertHash(subject: FaceSubject, certType: string = WECHAT_CERT_TYPE_ID_CARD): string {
  const content = `cert_type=${b64(certType)}&cert_name=${b64(subject.name)}&cert_no=${b64(subject.idNumber)}`;
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** What a documented verify_ret other than 10000 means, in a few stable words. */
function verifyRetReason(code: number): string {
  if (code === 90001 || code === 90109) return 'device_unsupported';
  if ((code >= 90002 && code <= 90006) || code === 90024) return 'cancelled';
  if (code === 90007 || code === 90012 || (code >= 90019 && code <= 90021)) return 'network_error';
  if (code >= 90008 && code <= 90010) return 'permission_denied';
  if (code === 90011 || code === 90013 || code === 90014 || code === 90023) return 'capture_invalid';
  if (code === 90017 || code === 90107) return 'timeout';
  if (code === 10001) return 'invalid_parameters';
  if (code === 10002) return 'face_not_detected';
  if (code === 10003) return 'id_number_mismatch';
  if (code === 10004) return 'face_mismatch';
  return 'not_passed';
}

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

export class WechatFaceProvider implements FaceProvider {
  readonly name = 'wechat' as const;
  private readonly getAccessToken: () => Promise<string>;
  private readonly fetchImpl: HttpFetch;
  private readonly now: () => Date;
  private readonly apiBase: string;
  private readonly timeoutMs: number;

  constructor(options: WechatFaceProviderOptions) {
    this.getAccessToken = options.getAccessToken;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? clockNow;
    this.apiBase = (options.apiBase ?? WECHAT_API_BASE).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async start(input: StartFaceInput): Promise<StartedFace> {
    const openid = requireOpenid(input.openid);
    const answer = await this.post('getverifyid', {
      out_seq_no: input.outSeqNo,
      cert_info: {
        cert_type: WECHAT_CERT_TYPE_ID_CARD,
        cert_name: input.subject.name,
        cert_no: input.subject.idNumber,
      },
      openid,
    });
    if (answer.errcode !== undefined && answer.errcode !== 0) {
      throw new FaceProviderError(`WeChat getverifyid failed (errcode ${answer.errcode})`, 'wechat');
    }
    const verifyId = answer.verify_id;
    if (typeof verifyId !== 'string' || verifyId === '') {
      throw new FaceProviderError('WeChat getverifyid answered without a verify_id', 'wechat');
    }
    const expiresIn =
      typeof answer.expires_in === 'number' && Number.isFinite(answer.expires_in) && answer.expires_in > 0
        ? answer.expires_in
        : 3600;
    return {
      providerRef: verifyId,
      handoff: { verifyId },
      expiresAt: new Date(this.now().getTime() + expiresIn * 1000),
    };
  }

  async query(input: QueryFaceInput): Promise<FaceOutcome> {
    const openid = requireOpenid(input.openid);
    const answer = await this.post('queryverifyinfo', {
      verify_id: input.providerRef,
      out_seq_no: input.outSeqNo,
      cert_hash: wechatCertHash(input.subject),
      openid,
    });
    if (answer.errcode !== undefined && answer.errcode !== 0) {
      // Includes WeChat refusing a cert_hash / openid that differs from getverifyid's.
      throw new FaceProviderError(`WeChat queryverifyinfo failed (errcode ${answer.errcode})`, 'wechat');
    }
    const verifyRet = answer.verify_ret;
    if (verifyRet === undefined || verifyRet === null || verifyRet === 0) {
      // No result recorded yet: the user has not finished wx.requestFacialVerify.
      return { status: 'pending' };
    }
    if (typeof verifyRet !== 'number' || !Number.isInteger(verifyRet)) {
      throw new FaceProviderError('WeChat queryverifyinfo answered an unreadable verify_ret', 'wechat');
    }
    if (verifyRet === 10000) return { status: 'passed' };
    return { status: 'failed', reason: `${verifyRetReason(verifyRet)} (verify_ret ${verifyRet})` };
  }

  private async post(path: 'getverifyid' | 'queryverifyinfo', body: unknown): Promise<WechatAnswer> {
    let accessToken: string;
    try {
      accessToken = await this.getAccessToken();
    } catch (err) {
      throw new FaceProviderError('WeChat access_token unavailable', 'wechat', { cause: err });
    }
    const url = `${this.apiBase}/cityservice/face/identify/${path}?access_token=${encodeURIComponent(accessToken)}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new FaceProviderError(`WeChat ${path} unreachable`, 'wechat', { cause: err });
    }
    if (!response.ok) {
      throw new FaceProviderError(`WeChat ${path} answered HTTP ${response.status}`, 'wechat');
    }
    try {
      const value: unknown = await response.json();
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
      return value as WechatAnswer;
    } catch (err) {
      throw new FaceProviderError(`WeChat ${path} answer is not JSON`, 'wechat', { cause: err });
    }
  }
}

function requireOpenid(openid: string | undefined): string {
  if (openid === undefined || openid === '') {
    throw new FaceProviderError('WeChat face verification needs the user openid', 'wechat');
  }
  return openid;
}
