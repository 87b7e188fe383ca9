/**
 * WeChat mini-program login (code2Session), as documented by WeChat:
 *   GET https://api.weixin.qq.com/sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
 *   → {openid, session_key, unionid?} or {errcode, errmsg}.
 * errcode 40029 (invalid code), 40163 (code been used) and 40226 (code blocked: high-risk
 * user) refuse the user's code; -1 (system busy), 45011 (rate limit) and configuration
 * errors (40013 invalid appid, 40125 invalid appsecret…) are our or WeChat's problem.
 * session_key is never returned or logged: it is dropped here.
 */
import type { HttpFetch, PlatformLogin, PlatformUser } from '../login.js';
import { LoginCodeRejected, PlatformLoginError } from '../login.js';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

/** errcodes that mean "this code is no good" rather than "the exchange failed". */
export const WECHAT_REJECTED_CODE_ERRCODES: ReadonlySet<number> = new Set([40029, 40163, 40226]);

export interface WechatLoginOptions {
  appId: string;
  appSecret: string;
  fetch?: HttpFetch;
  /** Defaults to https://api.weixin.qq.com. */
  apiBase?: string;
  timeoutMs?: number;
}

const LOGIN_CODE_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export class WechatLogin implements PlatformLogin {
  readonly platform = 'weapp' as const;
  private readonly options: WechatLoginOptions;
  private readonly fetchImpl: HttpFetch;
  private readonly apiBase: string;

  constructor(options: WechatLoginOptions) {
    this.options = options;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.apiBase = (options.apiBase ?? WECHAT_API_BASE).replace(/\/+$/, '');
  }

  async exchange(loginCode: string): Promise<PlatformUser> {
    if (typeof loginCode !== 'string' || !LOGIN_CODE_PATTERN.test(loginCode)) {
      throw new LoginCodeRejected('Malformed WeChat login code');
    }
    const url = new URL(`${this.apiBase}/sns/jscode2session`);
    url.searchParams.set('appid', this.options.appId);
    url.searchParams.set('secret', this.options.appSecret);
    url.searchParams.set('js_code', loginCode);
    url.searchParams.set('grant_type', 'authorization_code');

    // Messages below never carry the URL: it holds the app secret.
    let response: Response;
    try {
      response = await this.fetchImpl(url.toString(), {
        method: 'GET',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new PlatformLoginError('WeChat code2Session unreachable', { cause: err });
    }
    if (!response.ok) throw new PlatformLoginError(`WeChat code2Session answered HTTP ${response.status}`);
    let body: Record<string, unknown>;
    try {
      const value: unknown = await response.json();
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
      body = value as Record<string, unknown>;
    } catch (err) {
      throw new PlatformLoginError('WeChat code2Session answer is not JSON', { cause: err });
    }

    const errcode = body.errcode;
    if (errcode !== undefined && errcode !== 0) {
      if (typeof errcode === 'number' && WECHAT_REJECTED_CODE_ERRCODES.has(errcode)) {
        throw new LoginCodeRejected(`WeChat refused the login code (errcode ${errcode})`);
      }
      throw new PlatformLoginError(`WeChat code2Session failed (errcode ${String(errcode)})`);
    }
    const openid = body.openid;
    if (typeof openid !== 'string' || openid === '') {
      throw new PlatformLoginError('WeChat code2Session answered without an openid');
    }
    const user: PlatformUser = { openid };
    if (typeof body.unionid === 'string' && body.unionid !== '') user.unionid = body.unionid;
    return user;
  }
}
