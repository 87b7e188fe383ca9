/**
 * Alipay mini-program subscription messages (小程序订阅消息), as documented by Alipay:
 * - The mini-program asks the user with my.requestSubscribeMessage({entityIds}) (one-time or
 *   long-term templates chosen in the merchant platform; the answer names each template
 *   "accept" or "reject").
 * - The server sends with alipay.open.app.mini.templatemessage.send (小程序发送模板消息): the
 *   same OpenAPI method serves payment, form, face and subscription templates; for a
 *   subscription template form_id is not sent. biz_content {to_user_id (2088…) or to_open_id,
 *   user_template_id, page, data: a JSON string {"keyword1": {"value": "…"}, …}}; each value at
 *   most 50 characters. → alipay_open_app_mini_templatemessage_send_response {code: "10000"}.
 *   The older form_id template messages of the same method are not used.
 * - Refusals: code 40004 Business Failed with a sub_code (USER_TEMPLATE_ILLEGAL,
 *   USER_TEMPLATE_LACK_KEYWORD, USER_KEYWORD_LENGTH_ERROR…: rejected); a sub_code about the
 *   user's subscription (…SUBSCRIBE…) is not_subscribed; code 20000 or an isp.* sub_code
 *   (Alipay's own fault) and SYSTEM_ERROR are unavailable.
 * Signed RSA2 and its answer verified through the gateway (providers/alipay/gateway.ts).
 */
import { fitAlipayData, preparePush } from '../pushFields.rules.js';
import type { PushMessage, PushOutcome, PushProvider } from '../push.js';
import { AlipayGatewayClient, AlipayGatewayError, type AlipayResponseNode } from './gateway.js';

export const ALIPAY_PUSH_METHOD = 'alipay.open.app.mini.templatemessage.send';

/** An Alipay user_id (2088 and 12 more digits); anything else is an open_id of the new id system. */
const USER_ID = /^2088\d{12}$/;
const UNAVAILABLE_SUB_CODES: ReadonlySet<string> = new Set(['SYSTEM_ERROR', 'aop.SYSTEM_ERROR']);

export class AlipayPushProvider extends AlipayGatewayClient implements PushProvider {
  readonly name = 'alipay' as const;

  async send(message: PushMessage): Promise<PushOutcome> {
    const ready = preparePush(message, fitAlipayData);
    if (!ready.ok) return ready.refused;

    const bizContent: Record<string, unknown> = {
      [USER_ID.test(ready.openid) ? 'to_user_id' : 'to_open_id']: ready.openid,
      user_template_id: ready.templateId,
      ...(ready.page === '' ? {} : { page: ready.page }),
      data: JSON.stringify(Object.fromEntries(Object.entries(ready.data).map(([key, value]) => [key, { value }]))),
    };

    let node: AlipayResponseNode;
    try {
      ({ node } = await this.gateway.call(ALIPAY_PUSH_METHOD, { bizContent }));
    } catch (err) {
      if (err instanceof AlipayGatewayError) {
        const code = err.kind === 'http' ? `http_${err.status ?? 0}` : err.kind === 'parse' ? 'unreadable' : err.kind;
        return { sent: false, reason: 'unavailable', providerCode: code };
      }
      // Signing failed: the app private key is unusable. Our fault, and a retry cannot help.
      return { sent: false, reason: 'rejected', providerCode: 'signing' };
    }
    return outcomeOf(node);
  }
}

function outcomeOf(node: AlipayResponseNode): PushOutcome {
  if (node.code === '10000') return { sent: true };
  const sub = typeof node.sub_code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(node.sub_code) ? node.sub_code : undefined;
  const providerCode = sub ?? `code_${typeof node.code === 'string' && /^\d{1,8}$/.test(node.code) ? node.code : 'unknown'}`;
  if (node.code === '20000' || (sub !== undefined && (sub.startsWith('isp.') || UNAVAILABLE_SUB_CODES.has(sub)))) {
    return { sent: false, reason: 'unavailable', providerCode };
  }
  if (sub !== undefined && /SUBSCRI/i.test(sub)) return { sent: false, reason: 'not_subscribed', providerCode };
  return { sent: false, reason: 'rejected', providerCode };
}
