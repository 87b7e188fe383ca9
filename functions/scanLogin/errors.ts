import { defineErrors } from '../core/problem.js';

export const scanLoginErrors = /* @__PURE__ */ defineErrors({
  login_request_not_found: [404, '未找到该登录请求。'],
  login_request_expired: [410, '该登录请求已过期，请在网站上刷新二维码后重新扫码。'],
  login_request_already_confirmed: [409, '该登录请求已确认过，不能重复确认。'],
  invalid_scope: [400, ({ reason }: { reason: string }) => `scope 无效：${reason}。`],
  redirect_uri_not_registered: [400, '该 redirectUri 未在本网站登记。'],
  channel_not_allowed: [403, '请在电子社保卡小程序中扫码确认登录。'],
  card_not_usable: [422, '电子社保卡当前不可用（挂失或注销），不能用于登录。'],
});
