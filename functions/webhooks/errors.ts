import { defineErrors } from '../core/problem.js';

export const webhookErrors = /* @__PURE__ */ defineErrors({
  invalid_webhook_url: [422, ({ reason }: { reason: string }) => `Webhook 地址不可用：${reason}。`],
  webhook_endpoint_not_found: [404, '没有该 Webhook 端点。'],
  webhook_delivery_not_found: [404, '没有该投递记录。'],
  too_many_endpoints: [409, '每个渠道最多登记 10 个 Webhook 端点。'],
  webhook_changed: [409, '该端点刚被另一请求修改，请重试。'],
});
