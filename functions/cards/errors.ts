/** Refusals of claiming a card and changing its status. */
import { defineErrors } from '../core/problem.js';

export const cardsErrors = /* @__PURE__ */ defineErrors({
  already_claimed: [409, '您在当前渠道已申领电子社保卡。'],
  card_bound_in_channel: [409, '该社保卡已在当前渠道由其他账号绑定，请先在原账号解绑。'],
  pin_unchanged: [422, '新密码不能与原密码相同。'],
  already_reported: [422, '该卡已挂失。'],
  not_reported: [422, '该卡未挂失，无需解除。'],
});
