import { defineErrors } from '../problem.js';

export const sessionErrors = /* @__PURE__ */ defineErrors({
  missing_token: [401, '请先登录（需要 Authorization: Bearer 会话令牌）。'],
  invalid_token: [401, '登录状态无效，请重新进入。'],
  token_expired: [401, '登录已过期，请重新进入。'],
  /** A session of a channel that has been suspended or retired since the session began. */
  channel_inactive: [401, '该渠道已停用。'],
});
