/** Refusals about the holder's own card: finding it, its PIN, its status, the card register. */
import { defineErrors } from '../core/problem.js';

export const holderErrors = /* @__PURE__ */ defineErrors({
  card_not_found: [404, '您还没有在本应用申领电子社保卡。'],
  card_lost: [422, '该社保卡已挂失，不能使用。'],
  card_cancelled: [422, '该社保卡已注销，不能使用。'],
  wrong_pin: [422, ({ attemptsLeft }: { attemptsLeft: number }) => `密码错误，还可尝试${attemptsLeft}次。`],
  pin_rule_violated: [422, ({ rule }: { rule: string }) => `密码不符合规则：${rule}`],
  pin_locked: [423, '密码错误次数过多，已锁定，请24小时后再试或通过人脸核验办理。'],
  invalid_id_number: [400, '身份证号码有误，请检查后重新输入。'],
  // One answer for "no such ID" and "wrong name", so the register can't be probed.
  identity_mismatch: [422, '姓名与身份证号不匹配，或未查询到社保卡信息。'],
  physical_card_lost: [422, '您的实体社保卡处于挂失状态，请先解除挂失或补领后再申领电子社保卡。'],
  physical_card_cancelled: [422, '您的实体社保卡已注销，请补换卡后再申领电子社保卡。'],
  concurrent_update: [409, '数据刚刚发生变化，操作未完成，请稍后重试。'],
});
