/**
 * Payment providers' notifications (WeChat Pay, Alipay, the sandbox payer): public, verified by
 * the channel's provider, acknowledged as each provider expects; the payment is then confirmed by
 * asking the provider (paymentFlow.onPaymentNotification).
 */
import { limitedPublicRoute } from '../core/http/limitedPublicRoute.js';
import { LIMITS } from '../core/limits/limits.js';
import { onPaymentNotification } from './paymentFlow.js';
import { NotificationParams } from './bills.schemas.js';

export const paymentNotification = limitedPublicRoute({
  method: 'POST',
  path: '/v1/payments/{channelId}/notifications',
  summary: "A payment provider's notification of a bill's cash payment",
  success: 200,
  params: NotificationParams,
  rawBody: true,
  limit: LIMITS.paymentNotifications,
  handler: async ({ params, event }) => {
    const raw = typeof event.body === 'string' ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : JSON.stringify(event.body ?? '');
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    await onPaymentNotification(params.channelId, headers, raw.slice(0, 64 * 1024));
    // Alipay wants the word `success`; WeChat Pay and the sandbox a 200 with a JSON body.
    return headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? { text: 'success' } : { body: { code: 'SUCCESS' } };
  },
});
