/** Refusals of out-of-area care filing (异地就医备案). */
import { defineErrors } from '../core/problem.js';

export const outOfAreaErrors = /* @__PURE__ */ defineErrors({
  filing_not_found: [404, '未找到该备案。'],
  pledge_required: [422, '请阅读并同意《个人承诺书》后再提交备案。'],
  unknown_region: [422, '暂不支持该就医地，请选择列表中的城市。'],
  same_region: [422, '就医地与参保地相同，无需办理异地就医备案。'],
  filing_end_before_start: [422, '结束日期不能早于开始日期。'],
  filing_end_required: [422, '临时外出就医备案需要填写结束日期。'],
  filing_too_short: [422, '临时外出就医备案的有效期不少于6个月，请调整结束日期。'],
  filing_start_out_of_range: [422, '开始日期须在近90天至未来一年之内。'],
  filing_overlaps: [409, '该期间已有生效的异地就医备案，请先取消原备案。'],
  filing_not_effective: [409, '该备案已取消或已过期。'],
});
