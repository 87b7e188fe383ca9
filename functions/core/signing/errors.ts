/** Refusals of a signed request (terminals, channels): each a 401 with its own code. */
import { defineErrors } from '../problem.js';

export const signingErrors = /* @__PURE__ */ defineErrors({
  missing_signature: [401, ({ header }: { header: string }) => `缺少签名请求头 ${header}。`],
  malformed_signature: [401, '签名请求头格式不正确。'],
  stale_timestamp: [401, '请求时间戳与服务器时间相差超过300秒。'],
  bad_signature: [401, '签名不正确。'],
  replayed_nonce: [401, '该随机数（nonce）已使用过。'],
});
