import { defineErrors } from '../core/problem.js';

export const channelErrors = /* @__PURE__ */ defineErrors({
  /** A signed request naming a channel that is unknown, inactive or may not sign this kind of call. */
  unknown_channel: [401, '未知或已停用的渠道。'],
  channel_not_found: [404, '没有该渠道。'],
  channel_exists: [409, '该渠道编号已存在。'],
  channel_changed: [409, '渠道刚被另一操作修改，请重新读取后再试。'],
  invalid_state_change: [409, ({ from, to }: { from: string; to: string }) => `渠道状态不能从 ${from} 改为 ${to}。`],
  invalid_channel_settings: [422, ({ why }: { why: string }) => `渠道设置不正确：${why}。`],
  service_not_allowed: [403, '该渠道未开通此项服务。'],
  tier1_only: [403, '只有一级渠道可以管理二级渠道。'],
  children_not_synced: [409, ({ count }: { count: number }) => `渠道状态已改，但有 ${count} 个二级渠道刚被修改、未能随之更新，请再执行一次同样的操作。`],
  suspended_by_operator: [403, '该二级渠道由运营方停用，只能由运营方恢复。'],
});
