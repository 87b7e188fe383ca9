/** Refusals of a dynamic code at a terminal. */
import { defineErrors } from '../core/problem.js';
import { offlineCodeLimits } from './dynamicCode.rules.js';

export const codeErrors = /* @__PURE__ */ defineErrors({
  code_malformed: [400, '动态码格式不正确，请重新扫码。'],
  code_unknown: [404, '动态码无效。'],
  code_expired: [422, '动态码已过期，请让参保人刷新后重新扫码。'],
  code_used: [422, '动态码已使用，请让参保人刷新后重新扫码。'],
  code_voided: [422, '动态码已失效（已刷新或已解绑），请重新扫码。'],
  offline_code_business_type: [422, '离线码只能用于查询和小额支付。'],
  offline_code_amount_limit: [422, `离线码单笔支付不能超过${offlineCodeLimits.maxPaymentFen / 100}元，请让参保人联网刷新动态码。`],
});
