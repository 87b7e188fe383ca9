/**
 * Refusals of a signed request (terminals, channels), each a 401 with its own code a partner
 * can act on, and of a signer's key management. None ever says what the expected signature was.
 */
import { defineErrors } from '../problem.js';

export const signingErrors = /* @__PURE__ */ defineErrors({
  missing_signature: [401, ({ header }: { header: string }) => `缺少签名请求头 ${header}。`],
  malformed_signature: [401, '签名请求头格式不正确。'],
  stale_timestamp: [401, ({ serverTime }: { serverTime: string }) => `请求时间戳与服务器时间相差超过300秒（服务器时间 ${serverTime}）。`],
  bad_signature: [401, '签名不正确：请核对待签名串（signedString）与所用密钥。'],
  body_hash_mismatch: [401, '请求体的 SHA-256 与 X-Essc-Content-Sha256 不符：请求体在签名后被改动。'],
  replayed_nonce: [401, '该随机数（nonce）已使用过。'],
  unknown_key: [401, 'X-Essc-Key-Id 不是该调用方的密钥。'],
  key_expired: [401, '该密钥已过期，请改用新密钥。'],
  no_active_key: [401, '该调用方没有有效的密钥。'],
  key_not_found: [404, '没有该密钥。'],
  invalid_public_key: [422, '公钥不是有效的 SM2 公钥（04 开头的十六进制点或 PEM）。'],
  rotation_in_progress: [409, '已有两把有效密钥（轮换进行中）：请先删除不再使用的一把，或等它过期。'],
  last_active_key: [409, '不能删除最后一把有效密钥。'],
  keys_changed: [409, '密钥刚被另一请求修改，请重试。'],
});
