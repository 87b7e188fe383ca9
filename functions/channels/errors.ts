import { defineErrors } from '../core/problem.js';

export const channelErrors = /* @__PURE__ */ defineErrors({
  /** A session of a channel that has been switched off since the session began. */
  channel_inactive: [401, '该渠道已停用。'],
  /** A signed request naming a channel that is unknown, inactive or may not sign. */
  unknown_channel: [401, '未知或已停用的渠道。'],
});
