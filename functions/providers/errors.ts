import { defineErrors } from '../core/problem.js';

export const providerErrors = /* @__PURE__ */ defineErrors({
  /** A deployment fault, but one the caller should see plainly rather than as a bare 500. */
  channel_not_configured: [503, ({ channelId, key }: { channelId: string; key: string }) => `渠道 ${channelId} 尚未配置平台凭证（${key}）。`],
});
