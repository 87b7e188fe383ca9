import { defineErrors } from '../problem.js';

export const limitErrors = /* @__PURE__ */ defineErrors({
  rate_limited: [429, '请求过于频繁，请稍后再试。'],
});
