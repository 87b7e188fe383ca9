/**
 * What the holder is told, and how: the kinds of notification, the zh-CN words of each (from
 * the event's own non-personal data: amounts, institution names, dates), the page it opens, and
 * whether a platform push goes out for it. Pure.
 */

export const NOTIFICATION_KINDS = [
  'bill_awaiting_payment',
  'settlement_awaiting_confirmation',
  'payment_done',
  'refund_done',
  'pension_due',
  'pension_overdue',
  'loss_reported',
  'loss_lapsed',
  'family_code_shown',
  'family_certified',
  'portal_login',
  'channel_bound',
  'pin_changed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);

/** The event's data: plain, non-personal values (never a name or ID number). */
export type NoticeData = Partial<{
  amount: number;
  institutionName: string;
  channelName: string;
  billId: string;
  settlementId: string;
  dueDate: string;
  relationship: string;
  lossKind: 'temporary' | 'formal';
  scope: string;
}>;

export interface Notice {
  title: string;
  body: string;
  /** The app page it opens. */
  link?: string;
}

export const KIND_LABELS: Record<NotificationKind, string> = {
  bill_awaiting_payment: '待缴账单',
  settlement_awaiting_confirmation: '待确认的结算',
  payment_done: '支付成功',
  refund_done: '退款到账',
  pension_due: '待遇认证即将到期',
  pension_overdue: '待遇认证已逾期',
  loss_reported: '挂失',
  loss_lapsed: '临时挂失到期',
  family_code_shown: '亲属为我亮码',
  family_certified: '亲属为我认证',
  portal_login: '扫码登录',
  channel_bound: '新的应用绑定',
  pin_changed: '密码修改',
};

/** Security notices are pushed unless the holder turns them off; the rest too, except portal logins they made themselves. */
export const DEFAULT_PUSH: Record<NotificationKind, boolean> = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as Record<NotificationKind, boolean>;

/** Fen as the app shows money: ¥12.50. */
export const yuan = (fen: number) => `¥${(Math.round(fen) / 100).toFixed(2)}`;

const at = (name?: string) => (name ? `在${name}` : '');
/**
 * A family binding names what the relative is to the helper (parent: the relative is the
 * helper's parent); the relative is told what the helper is to them.
 */
const HELPER_IS: Record<string, string> = { parent: '子女', child: '父母', spouse: '配偶', grandparent: '孙子女', sibling: '兄弟姐妹', other: '亲属' };
const relative = (r?: string) => (r && HELPER_IS[r]) || '亲属';

export function noticeOf(kind: NotificationKind, data: NoticeData): Notice {
  const amount = typeof data.amount === 'number' && Number.isFinite(data.amount) ? yuan(data.amount) : undefined;
  switch (kind) {
    case 'bill_awaiting_payment':
      return {
        title: '您有一笔待缴费账单',
        body: `${data.institutionName ?? '医疗机构'}推送了一笔${amount ? `${amount}的` : ''}账单，请在24小时内确认缴费。`,
        link: data.billId ? `/pages/bill/index?id=${encodeURIComponent(data.billId)}` : '/pages/bills/index',
      };
    case 'settlement_awaiting_confirmation':
      return {
        title: '您有一笔待确认的结算',
        body: `${data.institutionName ?? '医疗机构'}发起了${amount ? `${amount}的` : ''}医保结算，请核对后输入密码确认。`,
        link: data.settlementId ? `/pages/settlement/index?id=${encodeURIComponent(data.settlementId)}` : undefined,
      };
    case 'payment_done':
      return {
        title: '支付成功',
        body: `您${at(data.institutionName)}的${amount ? `${amount}` : ''}医保支付已完成。`,
        link: data.billId ? `/pages/bill/index?id=${encodeURIComponent(data.billId)}` : '/pages/records/index',
      };
    case 'refund_done':
      return {
        title: '退款已完成',
        body: `${data.institutionName ?? '医疗机构'}已为您退款${amount ?? ''}，医保部分已退回账户。`,
        link: data.billId ? `/pages/bill/index?id=${encodeURIComponent(data.billId)}` : '/pages/records/index',
      };
    case 'pension_due':
      return {
        title: '养老待遇认证即将到期',
        body: `请在${data.dueDate ?? '到期日'}前完成待遇资格认证，以免影响养老金发放。`,
        link: '/pages/pension/index',
      };
    case 'pension_overdue':
      return { title: '养老待遇认证已逾期', body: '您的待遇资格认证已逾期，请尽快完成认证。', link: '/pages/pension/index' };
    case 'loss_reported':
      return {
        title: '您的社保卡已挂失',
        body: data.lossKind === 'formal' ? '您的电子社保卡已正式挂失，卡片不能再使用。' : '您的电子社保卡已临时挂失，5天后自动解除。如非本人操作，请立即修改密码。',
        link: '/pages/settings/index',
      };
    case 'loss_lapsed':
      return { title: '临时挂失已到期', body: '您的临时挂失已到期自动解除，社保卡恢复正常使用。', link: '/pages/settings/index' };
    case 'family_code_shown':
      return { title: '亲属为您出示了电子社保卡码', body: `您的${relative(data.relationship)}通过亲情服务为您出示了电子社保卡码。如有疑问，请在亲情服务中查看。`, link: '/pages/family/index' };
    case 'family_certified':
      return { title: '亲属为您完成了待遇认证', body: `您的${relative(data.relationship)}通过亲情服务为您完成了养老待遇资格认证。`, link: '/pages/pension/index' };
    case 'portal_login':
      return { title: '您登录了一个网站', body: `您用电子社保卡扫码登录了${data.channelName ?? '一个网站'}。如非本人操作，请在授权管理中取消授权。`, link: '/pages/authorizations/index' };
    case 'channel_bound':
      return { title: '社保卡绑定了新的应用', body: `您的电子社保卡已在${data.channelName ?? '一个新的应用'}中申领。如非本人操作，请在授权管理中取消授权。`, link: '/pages/authorizations/index' };
    case 'pin_changed':
      return { title: '密码已修改', body: '您的社保卡服务密码已修改。如非本人操作，请立即刷脸重置密码。', link: '/pages/settings/index' };
  }
}

/** Push chosen for a kind: the holder's choice, else the default. */
export function wantsPush(kind: NotificationKind, preferences: Partial<Record<NotificationKind, boolean>> | undefined): boolean {
  return preferences?.[kind] ?? DEFAULT_PUSH[kind];
}

/**
 * The notification's id for an event: one per event whoever relays it how many times, or one
 * per notice key (events that say the same thing within a window).
 */
export const notificationIdOf = (eventId: string, noticeKey?: string, digest?: (key: string) => string) =>
  noticeKey && digest ? `ntf_k${digest(noticeKey)}` : `ntf_${eventId.replace(/^evt_?/, '')}`;

const CANONICAL_AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
const PUBLIC_ID = /^ntf_t(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})([A-Za-z0-9_-]+)$/;

/**
 * The id the holder is given for a notification: its time (`at`, as toISOString writes it) as
 * 17 digits, then its stored id without `ntf_`: `ntf_t20261203074411522<…>`. The notification's
 * sort key (`N#<at>#<stored id>`) is built back from it, so reading one is one GetItem in the
 * holder's own partition. Opaque to clients. A time not in that form (none is: notifyHolder
 * writes the event's toISOString) leaves the stored id as it is, which notificationKeyOf refuses.
 */
export function notificationPublicId(at: string, storedId: string): string {
  const time = CANONICAL_AT.exec(at);
  if (!time || !storedId.startsWith('ntf_')) return storedId;
  return `ntf_t${time.slice(1).join('')}${storedId.slice('ntf_'.length)}`;
}

/**
 * The time and stored id of a notification from the id the holder was given; undefined for
 * anything else, among them the ids given before they carried the time (the stored id alone).
 */
export function notificationKeyOf(publicId: string): { at: string; id: string } | undefined {
  const m = PUBLIC_ID.exec(publicId);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, rest] = m;
  return { at: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`, id: `ntf_${rest}` };
}
