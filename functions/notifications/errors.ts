/** Refusals of the message centre. */
import { defineErrors } from '../core/problem.js';

export const notificationErrors = /* @__PURE__ */ defineErrors({
  notification_not_found: [404, '没有找到这条消息。'],
  template_not_offered: [422, '该消息模板不属于当前应用，订阅未保存。'],
});
