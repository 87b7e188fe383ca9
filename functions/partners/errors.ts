import { defineErrors } from '../core/problem.js';

export const partnerErrors = /* @__PURE__ */ defineErrors({
  /** Unknown, used, expired or another channel's ticket: one answer, so a ticket's existence leaks nothing. */
  invalid_ticket: [401, '启动凭证无效、已使用或已过期，请从合作方应用重新进入。'],
  invalid_return_url: [422, 'returnUrl 须在本渠道登记的网页源之内。'],
});
