/**
 * One interface over every platform that pushes a holder notification out of the app:
 * WeChat subscription messages (subscribeMessage.send), Alipay subscription messages
 * (alipay.open.app.mini.templatemessage.send) and the local sandbox recorder. The caller (the
 * notifications capability) chooses the template, the page it opens and each field's value;
 * the adapter fits the values into the platform's field rules (pushFields.rules.ts), sends
 * once, and answers what happened. `send` never throws: a fault of the platform or the network
 * is the outcome `unavailable` (worth a later retry), a refusal of the message itself
 * `rejected` (a retry would be refused again), a user who has not (or no longer) accepted the
 * template `not_subscribed`.
 */
import type { HttpFetch } from './face.js';

export type { HttpFetch };

export type PushProviderName = 'wechat' | 'alipay' | 'sandbox';

export interface PushMessage {
  /** The platform user (WeChat openid, Alipay open_id or 2088… user_id) of the holder's session. */
  openid: string;
  /** The platform's template id (WeChat template_id, Alipay user_template_id). */
  templateId: string;
  /** The app page the message opens, e.g. `pages/bill/index?id=bl_1` (a leading `/` is dropped). Empty: no link. */
  page: string;
  /**
   * Template field key → value, chosen by the caller. WeChat keys name their type
   * (`thing1`, `amount2`, `time3`…); each value is fitted to it before sending.
   */
  data: Record<string, string>;
  /** Our id of the notification (for the sandbox's record and our logs); no platform receives it. */
  ref?: string;
}

export type PushRefusal = 'not_subscribed' | 'rejected' | 'unavailable';

export type PushOutcome =
  | { sent: true; messageId?: string }
  | {
      sent: false;
      reason: PushRefusal;
      /** The platform's code (WeChat errcode, Alipay sub_code), or ours: `network`, `http_502`, `unreadable`, `field:<key>:<problem>`. Never personal data. */
      providerCode?: string;
    };

export interface PushProvider {
  readonly name: PushProviderName;
  send(message: PushMessage): Promise<PushOutcome>;
}
