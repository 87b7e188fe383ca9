/** Refusals of bills pushed to the holder (线上医保支付), at the terminal and on the holder's phone. */
import { defineErrors } from '../core/problem.js';

export const billErrors = /* @__PURE__ */ defineErrors({
  bill_not_found: [404, '未找到该账单。'],
  unknown_patient: [404, '未找到该患者：请先在本机构核验其医保码。'],
  patient_card_not_usable: [409, '该参保人的电子社保卡已挂失或不可用，无法推送账单。'],
  duplicate_bill_order: [409, '该机构订单号已推送过另一张账单。'],
  bill_expired: [409, '该账单已过期，请联系医疗机构重新发起。'],
  bill_withdrawn: [409, '该账单已被医疗机构撤回。'],
  bill_already_paid: [409, '该账单已支付。'],
  bill_payment_in_progress: [409, '该账单正在支付中，请稍候查看结果。'],
  bill_not_paid: [409, '该账单尚未支付，无法退款。'],
  cash_payment_required: [422, '本账单有需自付的现金部分，请选择支付方式后再支付。'],
  payment_not_available: [422, '当前渠道暂不支持线上支付现金部分，请到医疗机构窗口缴费。'],
  payment_unavailable: [503, '支付服务暂时不可用，本次未扣款，请稍后再试。'],
  bill_split_changed: [409, '账户余额等情况已变化，本账单的支付构成已更新，请确认后重新支付。'],
  nothing_to_refund: [409, '该账单已无可退金额。'],
  refund_exceeds_paid: [422, '退款金额超过该项已支付且未退的金额。'],
  refund_amounts_kind_mismatch: [422, '退款金额与退款类型不符。'],
  refund_in_progress: [409, '该账单有一笔退款正在处理，请稍后再试。'],
  refund_key_reused: [422, '该 Idempotency-Key 已用于另一笔退款请求。'],
  unknown_payment: [404, '未找到该支付。'],
  notification_rejected: [400, '支付通知验签失败。'],
});
