/** Refusals of 授权管理. */
import { defineErrors } from '../core/problem.js';

export const authorizationErrors = /* @__PURE__ */ defineErrors({
  authorization_not_found: [404, '该应用没有您的授权，无需取消。'],
  confirmation_required: [
    409,
    ({ reason }: { reason: 'current_channel' | 'last_binding' }) =>
      reason === 'current_channel'
        ? '取消后，您将无法在当前应用中使用电子社保卡，需要重新申领。请确认后再操作。'
        : '这是您最后一个绑定电子社保卡的应用，取消后需要重新申领。请确认后再操作。',
  ],
});
