import { defineErrors } from '../core/problem.js';

export const sessionsErrors = /* @__PURE__ */ defineErrors({
  invalid_channel: [422, '未知或已停用的渠道。'],
  platform_mismatch: [422, '渠道与平台不符。'],
  login_code_rejected: [401, '登录凭证无效或已过期，请重新进入。'],
  platform_unavailable: [503, '平台登录服务暂不可用，请稍后再试。'],
});
