import { defineErrors } from '../core/problem.js';

export const institutionErrors = /* @__PURE__ */ defineErrors({
  unknown_institution: [401, '未知或已停用的定点医药机构。'],
});
