/** Refusals of proofs (参保证明 / 缴费证明). */
import { defineErrors } from '../core/problem.js';

export const proofErrors = /* @__PURE__ */ defineErrors({
  proof_period_invalid: [422, ({ reason }: { reason: string }) => `证明期间无效：${reason}。`],
  proof_period_in_future: [422, ({ latest }: { latest: string }) => `证明期间不能晚于本月（${latest}）。`],
  proof_period_before_first_contribution: [
    422,
    ({ first }: { first: string }) => (first ? `证明期间不能早于首次缴费月份（${first}）。` : '暂无缴费记录，不能开具该证明。'),
  ],
  // The same answer for an unknown id, a forged one and a link that is not this proof's: nothing to learn by guessing.
  proof_not_found: [404, '未找到该证明，或链接无效。'],
  proof_link_expired: [410, '下载链接已过期，请重新开具证明。'],
  proof_invalid: [409, '该证明未通过完整性校验，不能下载，请重新开具。'],
});
