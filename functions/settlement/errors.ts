/** Refusals of medical settlement (医保结算), at the terminal and on the holder's phone. */
import { defineErrors } from '../core/problem.js';

const cannot = (state: string) => ({ action }: { action: string }) => `${state}（无法${action}）`;

export const settlementErrors = /* @__PURE__ */ defineErrors({
  settlement_not_found: [404, '未找到该结算。'],
  invalid_bill: [400, ({ fields }: { fields: string }) => `账单有误：${fields}。`],
  no_policy: [422, '该参保地暂无医保结算政策。'],
  duplicate_order: [409, '该机构订单号已有结算。'],
  idempotency_key_reused: [422, '该 Idempotency-Key 已用于另一个请求。'],
  not_confirmed: [409, cannot('参保人尚未确认支付。')],
  not_settled: [409, cannot('该结算尚未完成。')],
  already_settled: [409, cannot('该结算已完成。')],
  settlement_cancelled: [409, cannot('该结算已撤销。')],
  settlement_reversed: [409, cannot('该结算已冲正。')],
  confirmer_mismatch: [403, '该笔结算由出示动态码的亲属确认。'],
  confirmation_expired: [422, '确认已超时，请让收银员重新发起结算。'],
  split_changed: [409, '账户余额等情况已变化，本次结算的支付构成已更新，请参保人在手机上重新确认。'],
});
