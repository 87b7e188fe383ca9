/** The refusals every route can give, before any capability's code runs. */
import { defineErrors } from '../problem.js';

export const httpErrors = /* @__PURE__ */ defineErrors({
  invalid_request: [400, ({ fields }: { fields: string }) => `请求参数有误：${fields}。`],
  invalid_json: [400, '请求内容不是有效的 JSON。'],
  invalid_idempotency_key: [400, ({ reason }: { reason: string }) => `Idempotency-Key 请求头无效：${reason}。`],
  body_too_large: [413, ({ limit }: { limit: number }) => `请求内容超过 ${limit} 字节。`],
  unsupported_media_type: [415, '请求内容必须是 application/json。'],
});
