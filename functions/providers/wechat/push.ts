/**
 * WeChat subscription messages (小程序订阅消息), as documented by WeChat:
 * - The mini-program asks the user with wx.requestSubscribeMessage({tmplIds}); each "accept"
 *   of a one-time template allows one message of it (the notifications capability counts them).
 * - subscribeMessage.send: POST https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=…
 *   body {touser (openid), template_id, page?, data: {<key>: {value}}, miniprogram_state
 *   (developer | trial | formal), lang (zh_CN)} → {errcode, errmsg} (0: sent; in practice also msgid).
 * - errcode 43101: the user refused, or has no subscription left for the template (not_subscribed);
 *   40003 openid wrong, 40037 template id wrong, 47003 a field's value breaks its rule, 41030 the
 *   page is not in the released mini-program (rejected); -1 system busy, 45009 / 45011 over the
 *   call limits (unavailable); 40001 / 42001 / 40014 the access_token is invalid or expired: it
 *   is refreshed once and the message sent again.
 * Values are fitted to their field types first (pushFields.rules.ts); a value that cannot be
 * fitted is refused here, without a call.
 */
import { fitWechatData, preparePush } from '../pushFields.rules.js';
import type { HttpFetch, PushMessage, PushOutcome, PushProvider } from '../push.js';

const WECHAT_API_BASE = 'https://api.weixin.qq.com';

export type WechatMiniprogramState = 'developer' | 'trial' | 'formal';

export interface WechatPushProviderOptions {
  /**
   * A valid access_token of the mini-program. Called with the token WeChat just refused as
   * invalid or expired, it must not answer that one again.
   */
  getAccessToken: (refused?: string) => Promise<string>;
  /** Which version of the mini-program the message opens; default formal (正式版). */
  miniprogramState?: WechatMiniprogramState;
  fetch?: HttpFetch;
  /** Defaults to https://api.weixin.qq.com. */
  apiBase?: string;
  timeoutMs?: number;
}

/** The access_token is invalid (40001, 40014) or expired (42001). */
export const WECHAT_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** The user has not accepted the template, or used up what they accepted. */
export const WECHAT_NOT_SUBSCRIBED_ERRCODES: ReadonlySet<number> = new Set([43101]);
/** WeChat's own trouble or its call limits: a later try may succeed. */
export const WECHAT_UNAVAILABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45011]);

type Answer = { ok: true; errcode: number; msgid?: string } | { ok: false; code: string };

export class WechatPushProvider implements PushProvider {
  readonly name = 'wechat' as const;
  private readonly getAccessToken: (refused?: string) => Promise<string>;
  private readonly miniprogramState: WechatMiniprogramState;
  private readonly fetchImpl: HttpFetch;
  private readonly apiBase: string;
  private readonly timeoutMs: number;

  constructor(options: WechatPushProviderOptions) {
    this.getAccessToken = options.getAccessToken;
    this.miniprogramState = options.miniprogramState ?? 'formal';
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.apiBase = (options.apiBase ?? WECHAT_API_BASE).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(message: PushMessage): Promise<PushOutcome> {
    const ready = preparePush(message, fitWechatData);
    if (!ready.ok) return ready.refused;

    const body = JSON.stringify({
      touser: ready.openid,
      template_id: ready.templateId,
      ...(ready.page === '' ? {} : { page: ready.page }),
      data: Object.fromEntries(Object.entries(ready.data).map(([key, value]) => [key, { value }])),
      miniprogram_state: this.miniprogramState,
      lang: 'zh_CN',
    });

    let token: string;
    try {
      token = await this.getAccessToken();
    } catch {
      return { sent: false, reason: 'unavailable', providerCode: 'access_token' };
    }
    let answer = await this.post(token, body);
    if (answer.ok && WECHAT_TOKEN_ERRCODES.has(answer.errcode)) {
      try {
        token = await this.getAccessToken(token);
      } catch {
        return { sent: false, reason: 'unavailable', providerCode: 'access_token' };
      }
      answer = await this.post(token, body);
    }
    return outcomeOf(answer);
  }

  private async post(token: string, body: string): Promise<Answer> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      return { ok: false, code: 'network' };
    }
    if (!response.ok) return { ok: false, code: `http_${response.status}` };
    try {
      const text = await response.text();
      const value = JSON.parse(text) as { errcode?: unknown; msgid?: unknown } | null;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, code: 'unreadable' };
      // WeChat leaves errcode out of some successes; an answer with neither is unreadable.
      const errcode = value.errcode === undefined && value.msgid !== undefined ? 0 : value.errcode;
      if (typeof errcode !== 'number' || !Number.isInteger(errcode)) return { ok: false, code: 'unreadable' };
      // msgid is a 64-bit number: read its digits from the text, which JSON.parse would round.
      const msgid = /"msgid"\s*:\s*"?(\d{1,24})"?/.exec(text)?.[1];
      return { ok: true, errcode, ...(msgid ? { msgid } : {}) };
    } catch {
      return { ok: false, code: 'unreadable' };
    }
  }
}

function outcomeOf(answer: Answer): PushOutcome {
  if (!answer.ok) return { sent: false, reason: 'unavailable', providerCode: answer.code };
  const { errcode } = answer;
  if (errcode === 0) return answer.msgid ? { sent: true, messageId: answer.msgid } : { sent: true };
  const providerCode = String(errcode);
  if (WECHAT_NOT_SUBSCRIBED_ERRCODES.has(errcode)) return { sent: false, reason: 'not_subscribed', providerCode };
  // A token refused twice in a row is WeChat's (or our token store's) trouble, not the message's.
  if (WECHAT_UNAVAILABLE_ERRCODES.has(errcode) || WECHAT_TOKEN_ERRCODES.has(errcode)) return { sent: false, reason: 'unavailable', providerCode };
  return { sent: false, reason: 'rejected', providerCode };
}
