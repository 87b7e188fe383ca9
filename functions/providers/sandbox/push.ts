/**
 * Adapter for the sandbox push recorder (scripts/sandbox/push/server.ts), a real local HTTP
 * service standing in for the platforms' message clouds on dev and test stages:
 *   send: POST <baseUrl>/api/messages {openid, templateId, page, data, ref?}
 *         → 201 {messageId} | 403 {error: "not_subscribed"} | 503 {error: "unavailable"} | 400 {error: "invalid_…"}
 * Values are fitted as for WeChat (keys that name a WeChat field type are fitted to it,
 * others keep their cleaned text), so what the recorder shows is what a platform would.
 */
import { fitWechatData, preparePush } from '../pushFields.rules.js';
import type { PushMessage, PushOutcome, PushProvider } from '../push.js';
import { jsonObject, SandboxClient } from './service.js';

export class SandboxPushProvider extends SandboxClient implements PushProvider {
  readonly name = 'sandbox' as const;

  async send(message: PushMessage): Promise<PushOutcome> {
    const ready = preparePush(message, fitWechatData);
    if (!ready.ok) return ready.refused;

    let response: Response;
    try {
      response = await this.service.send('POST', '/api/messages', {
        openid: ready.openid,
        templateId: ready.templateId,
        page: ready.page,
        data: ready.data,
        ...(message.ref ? { ref: message.ref } : {}),
      });
    } catch {
      return { sent: false, reason: 'unavailable', providerCode: 'network' };
    }
    let json: Record<string, unknown> = {};
    try {
      json = jsonObject(await response.json());
    } catch {
      /* judged by the status below */
    }
    const error = typeof json.error === 'string' && /^[A-Za-z_]{1,40}$/.test(json.error) ? json.error : undefined;
    if (response.status === 201 && typeof json.messageId === 'string') return { sent: true, messageId: json.messageId };
    if (response.status === 403 && error === 'not_subscribed') return { sent: false, reason: 'not_subscribed', providerCode: error };
    if (response.status >= 500 || response.status === 201) {
      return { sent: false, reason: 'unavailable', providerCode: error ?? (response.status === 201 ? 'unreadable' : `http_${response.status}`) };
    }
    return { sent: false, reason: 'rejected', providerCode: error ?? `http_${response.status}` };
  }
}
