import { defineErrors } from '../core/problem.js';

export const pensionErrors = /* @__PURE__ */ defineErrors({
  not_a_pensioner: [422, '待遇资格认证仅适用于领取养老金的退休人员。'],
  review_not_found: [404, '未找到该审核案件。'],
  review_not_open: [409, '该审核案件已处理。'],
  invalid_range: [400, ({ field }: { field: string }) => `查询范围无效：${field}。`],
});
