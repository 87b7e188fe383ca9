/**
 * The holder's usage log (用卡记录): which entries of the person's access log (core/audit) the
 * holder sees, and in what words. Pure: the use case (usage.ts) reads the entries of the
 * holder's own `AUDIT#` partition, asks `classifyUsage` about each, resolves the names of the
 * channels and institutions the shown ones mention, and renders them with `renderUsage`.
 *
 * What counts:
 * - every change of the card and every use of it by someone else: a terminal's verification,
 *   settlement or bill, a portal or channel reading it, a bound relative acting on it (家庭
 *   亲情服务: actor `family`), an operator's review (actor `operator`);
 * - not the holder's own plain reads (opening the card, listing bills): they would bury the
 *   rest. Nor what is read again and again while something is awaited (a terminal polling its
 *   settlement, the app polling pending bills), steps whose outcome another entry shows
 *   (issuing a code, a face check's result), nor the family lists both sides see anyway.
 * - successful calls (2xx; the operator CLI's exit code 0), and refusals that tell the holder
 *   something (a wrong or locked PIN, a used, expired or voided code, a lost card refused):
 *   `REFUSAL_NOTES`. A relative's refused attempt is not shown in the other's log (it is about
 *   the one who typed it).
 *
 * Every call is classified by operation here, as data: a route by its serverless.yml function
 * name, with the operation the access log records for it (`METHOD /path`), either in
 * `USAGE_RULES` (shown, with a zh-CN text per perspective) or in `NOT_SHOWN` (with the reason);
 * tests/unit/usage/usage.rules.test.ts fails for a function that is in neither.
 *
 * A detail names no person: a relative is 亲属, an operator 工作人员, and nothing the entry
 * holds about another person (their card, their channel) reaches the answer.
 */
import type { AuditEntry } from '../core/audit/audit.store.js';
import type { Actor, UsageNote } from '../core/audit/trail.js';
import { CODE_USE_TYPES, type BusinessType } from '../codes/dynamicCode.rules.js';

export const USAGE_KINDS = [
  'code_verification',
  'settlement',
  'bill',
  'portal_login',
  'claim',
  'loss_report',
  'pin_change',
  'binding',
  'family',
  'pension',
  'proof',
  'operator',
] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** Whose hand the holder sees in an entry. */
export const USAGE_ACTORS = ['self', 'family', 'operator', 'institution', 'channel'] as const;
export type UsageActor = (typeof USAGE_ACTORS)[number];

/**
 * From where the holder looks at an entry: their own call (`self`), their own call with or
 * for a bound relative (`withFamily`), a relative's call on their card (`family`), their
 * personal account paying a relative's bill (`sharing`, 家庭共济), a terminal's, a channel's
 * or portal's, an operator's.
 */
export type Perspective = 'self' | 'withFamily' | 'family' | 'sharing' | 'institution' | 'channel' | 'operator';

/**
 * How an operation is shown: its kind and, per perspective, the text (placeholders:
 * `{institution}`, `{channel}`, `{business}` → `（挂号）`, `{byFamily}` → `，由亲属出示`).
 * A perspective without a text is not shown. `withFamily` falls back to `self`.
 */
export interface UsageRule {
  /** The call as the access log names it: `METHOD /path` of the route, or `operator <command>`. */
  operation: string;
  kind: UsageKind;
  text: Partial<Record<Perspective, string>>;
}

export const USAGE_RULES = Object.freeze({
  // The card itself.
  claimCard: { operation: 'POST /v1/cards/claims', kind: 'claim', text: { self: '申领电子社保卡' } },
  reportLoss: { operation: 'POST /v1/cards/me/loss-reports', kind: 'loss_report', text: { self: '挂失电子社保卡' } },
  liftLoss: { operation: 'DELETE /v1/cards/me/loss-reports', kind: 'loss_report', text: { self: '解除电子社保卡挂失' } },
  unbindChannel: { operation: 'DELETE /v1/cards/me/bindings/current', kind: 'binding', text: { self: '解除该应用的电子社保卡绑定' } },
  changePin: { operation: 'PUT /v1/cards/me/pin', kind: 'pin_change', text: { self: '修改电子社保卡密码' } },
  resetPin: { operation: 'POST /v1/cards/me/pin-reset', kind: 'pin_change', text: { self: '通过人脸核验重置电子社保卡密码' } },
  revokeAuthorization: { operation: 'DELETE /v1/cards/me/authorizations/{channelId}', kind: 'binding', text: { self: '取消渠道授权' } },

  // At a terminal.
  verifyCode: {
    operation: 'POST /v1/terminal/code-verifications',
    kind: 'code_verification',
    text: { institution: '{institution}核验电子社保卡码{business}{byFamily}' },
  },
  preSettle: {
    operation: 'POST /v1/terminal/settlements',
    kind: 'settlement',
    text: { institution: '{institution}发起医保结算，待确认{byFamily}', sharing: '{institution}发起医保结算，家庭共济将由您的个人账户支付部分费用' },
  },
  settle: {
    operation: 'POST /v1/terminal/settlements/{id}/settle',
    kind: 'settlement',
    text: { institution: '{institution}完成医保结算', sharing: '{institution}完成医保结算，家庭共济由您的个人账户支付部分费用' },
  },
  cancelSettlement: { operation: 'POST /v1/terminal/settlements/{id}/cancel', kind: 'settlement', text: { institution: '{institution}取消医保结算' } },
  reverseSettlement: { operation: 'POST /v1/terminal/settlements/{id}/reversal', kind: 'settlement', text: { institution: '{institution}冲正医保结算，费用原路退回' } },
  pushBill: {
    operation: 'POST /v1/terminal/bills',
    kind: 'bill',
    text: { institution: '{institution}推送待缴费账单', sharing: '{institution}推送亲属的待缴费账单，家庭共济将由您的个人账户支付部分费用' },
  },
  withdrawBill: { operation: 'DELETE /v1/terminal/bills/{id}', kind: 'bill', text: { institution: '{institution}撤销待缴费账单' } },
  refundBill: { operation: 'POST /v1/terminal/bills/{id}/refunds', kind: 'bill', text: { institution: '{institution}办理账单退款' } },

  // The holder's side of settlements and bills.
  confirmSettlement: {
    operation: 'POST /v1/settlements/{id}/confirmation',
    kind: 'settlement',
    text: { self: '确认{institution}的医保结算', withFamily: '为亲属确认{institution}的医保结算', family: '亲属为您确认{institution}的医保结算' },
  },
  settlementDetail: { operation: 'GET /v1/settlements/{id}', kind: 'settlement', text: { family: '亲属查看您的医保结算详情' } },
  payBill: {
    operation: 'POST /v1/bills/{id}/payment',
    kind: 'bill',
    text: { self: '缴纳{institution}的账单', sharing: '亲属缴纳{institution}的账单，家庭共济由您的个人账户支付部分费用' },
  },
  getAccount: { operation: 'GET /v1/accounts/me', kind: 'family', text: { family: '亲属查看您的个人账户余额' } },
  getTransactions: { operation: 'GET /v1/accounts/me/transactions', kind: 'family', text: { family: '亲属查看您的个人账户明细' } },
  createFiling: {
    operation: 'POST /v1/out-of-area-filings',
    kind: 'settlement',
    text: { self: '办理异地就医备案', withFamily: '为亲属办理异地就医备案', family: '亲属为您办理异地就医备案' },
  },
  listFilings: { operation: 'GET /v1/out-of-area-filings', kind: 'settlement', text: { family: '亲属查看您的异地就医备案' } },
  cancelFiling: {
    operation: 'DELETE /v1/out-of-area-filings/{id}',
    kind: 'settlement',
    text: { self: '取消异地就医备案', withFamily: '为亲属取消异地就医备案', family: '亲属为您取消异地就医备案' },
  },

  // Records, pension, proofs.
  contributions: { operation: 'GET /v1/records/contributions', kind: 'family', text: { family: '亲属查看您的缴费记录' } },
  pensionCertificationStatus: { operation: 'GET /v1/pension-certification', kind: 'pension', text: { family: '亲属查看您的养老金领取资格认证状态' } },
  certifyPension: {
    operation: 'POST /v1/pension-certifications',
    kind: 'pension',
    text: { self: '完成养老金领取资格认证', withFamily: '为亲属完成养老金领取资格认证', family: '亲属为您完成养老金领取资格认证' },
  },
  issueProof: {
    operation: 'POST /v1/records/proofs',
    kind: 'proof',
    text: { self: '开具参保/缴费证明', withFamily: '为亲属开具参保/缴费证明', family: '亲属为您开具参保/缴费证明' },
  },

  // Family service (亲情服务): either side's calls.
  addFamilyMember: { operation: 'POST /v1/family/members', kind: 'family', text: { self: '添加亲属（亲情服务）', family: '亲属将您添加为亲情服务亲属，或向您发出邀请' } },
  claimForFamilyMember: {
    operation: 'POST /v1/family/members/claims',
    kind: 'family',
    text: { self: '为亲属代为申领电子社保卡（亲情服务）', family: '亲属为您代为申领电子社保卡并添加为亲情服务亲属' },
  },
  removeFamilyMember: { operation: 'DELETE /v1/family/members/{memberId}', kind: 'family', text: { self: '解除与亲属的亲情服务绑定' } },
  issueFamilyCode: {
    operation: 'POST /v1/family/members/{memberId}/codes',
    kind: 'family',
    text: { self: '为亲属出示电子社保卡码', withFamily: '为亲属出示电子社保卡码', family: '亲属为您出示电子社保卡码' },
  },
  removeFamilyHelper: { operation: 'DELETE /v1/family/helpers/{helperId}', kind: 'family', text: { self: '解除为您代办的亲属的亲情服务绑定' } },
  shareAccountWithMember: {
    operation: 'PUT /v1/family/members/{memberId}/account-sharing',
    kind: 'family',
    text: { self: '更改家庭共济设置', family: '亲属更改与您的家庭共济设置' },
  },
  shareAccountWithHelper: {
    operation: 'PUT /v1/family/helpers/{helperId}/account-sharing',
    kind: 'family',
    text: { self: '更改家庭共济设置', family: '亲属更改与您的家庭共济设置' },
  },
  acceptFamilyInvitation: {
    operation: 'POST /v1/family/invitations/{id}/acceptance',
    kind: 'family',
    text: { self: '接受亲情服务邀请', family: '亲属接受您的亲情服务邀请' },
  },
  deleteFamilyInvitation: { operation: 'DELETE /v1/family/invitations/{id}', kind: 'family', text: { self: '撤回或拒绝亲情服务邀请' } },

  // Portals and channels.
  confirmLoginRequest: { operation: 'POST /v1/login-requests/{id}/confirmation', kind: 'portal_login', text: { self: '确认扫码登录{channel}' } },
  getPortalLoginRequest: { operation: 'GET /v1/portal/login-requests/{id}', kind: 'portal_login', text: { channel: '{channel}获取您确认的扫码登录信息' } },
  getPartnerUser: { operation: 'GET /v1/partner/users/{partnerUserId}', kind: 'binding', text: { channel: '{channel}查询您的电子社保卡状态' } },

  // The operator CLI (scripts/operator.ts).
  operatorReviews: { operation: 'operator reviews', kind: 'operator', text: { operator: '工作人员查看您的人工审核案件' } },
  operatorResolve: { operation: 'operator resolve', kind: 'operator', text: { operator: '工作人员处理您的人工审核案件' } },
} as const satisfies Record<string, UsageRule>);

/** Why a call is not in the usage log (the access log keeps it all the same). */
export type NotShownReason =
  /** The holder's own plain read. */
  | 'own_read'
  /** The holder's own message centre and push settings: not a use of the card. */
  | 'own_inbox'
  /** A step whose outcome another entry shows (the code a terminal then verifies, a face check's result). */
  | 'flow_step'
  /** Read again and again while something is awaited (a terminal's settlement, the app's pending list). */
  | 'poll'
  /** The masked family lists both sides agreed to, read whenever the family page opens. */
  | 'family_list'
  /** Reaches no person's information. */
  | 'no_person'
  /** A public route: it keeps no access log. */
  | 'no_trail'
  /**
   * Someone the holder handed a proof to checks or downloads it (its QR page, a bank): public,
   * with an access-log entry (actor public, basis proof), but no card use of the holder's.
   */
  | 'document_check';

export const NOT_SHOWN = Object.freeze({
  health: { operation: 'GET /v1/health', why: 'no_trail' },
  openapi: { operation: 'GET /v1/openapi.json', why: 'no_trail' },
  corsPreflight: { operation: 'OPTIONS /{proxy+}', why: 'no_trail' },
  createSession: { operation: 'POST /v1/sessions', why: 'no_trail' },
  openidConfiguration: { operation: 'GET /.well-known/openid-configuration', why: 'no_trail' },
  jwks: { operation: 'GET /.well-known/jwks.json', why: 'no_trail' },
  paymentNotification: { operation: 'POST /v1/payments/{channelId}/notifications', why: 'no_trail' },
  proofVerification: { operation: 'GET /v1/proofs/{id}/verification', why: 'document_check' },
  downloadProof: { operation: 'GET /v1/proofs/{id}/document', why: 'document_check' },

  startFaceVerification: { operation: 'POST /v1/face-verifications', why: 'flow_step' },
  faceVerificationResult: { operation: 'POST /v1/face-verifications/{id}/result', why: 'flow_step' },
  issueCode: { operation: 'POST /v1/cards/me/codes', why: 'flow_step' },
  issueOfflineCodes: { operation: 'POST /v1/cards/me/offline-codes', why: 'flow_step' },

  findSettlementByOrder: { operation: 'GET /v1/terminal/settlements', why: 'poll' },
  getSettlement: { operation: 'GET /v1/terminal/settlements/{id}', why: 'poll' },
  getBill: { operation: 'GET /v1/terminal/bills/{id}', why: 'poll' },
  pendingSettlements: { operation: 'GET /v1/settlements/pending', why: 'poll' },

  getMyCard: { operation: 'GET /v1/cards/me', why: 'own_read' },
  pendingBills: { operation: 'GET /v1/bills/pending', why: 'own_read' },
  listBills: { operation: 'GET /v1/bills', why: 'own_read' },
  billDetail: { operation: 'GET /v1/bills/{id}', why: 'own_read' },
  listFamilyInvitations: { operation: 'GET /v1/family/invitations', why: 'own_read' },
  getLoginRequest: { operation: 'GET /v1/login-requests/{id}', why: 'own_read' },
  listAuthorizations: { operation: 'GET /v1/cards/me/authorizations', why: 'own_read' },
  listUsage: { operation: 'GET /v1/cards/me/usage', why: 'own_read' },

  listNotifications: { operation: 'GET /v1/notifications', why: 'own_inbox' },
  readNotification: { operation: 'POST /v1/notifications/{id}/read', why: 'own_inbox' },
  readAllNotifications: { operation: 'POST /v1/notifications/read-all', why: 'own_inbox' },
  getNotificationPreferences: { operation: 'GET /v1/notifications/preferences', why: 'own_inbox' },
  putNotificationPreferences: { operation: 'PUT /v1/notifications/preferences', why: 'own_inbox' },
  recordPushSubscriptions: { operation: 'POST /v1/notifications/subscriptions', why: 'own_inbox' },

  listFamilyMembers: { operation: 'GET /v1/family/members', why: 'family_list' },
  listFamilyHelpers: { operation: 'GET /v1/family/helpers', why: 'family_list' },

  getReconciliation: { operation: 'GET /v1/terminal/reconciliation', why: 'no_person' },
  checkReconciliation: { operation: 'POST /v1/terminal/reconciliation', why: 'no_person' },
  createLoginRequest: { operation: 'POST /v1/portal/login-requests', why: 'no_person' },
  listTerminalKeys: { operation: 'GET /v1/terminal/keys', why: 'no_person' },
  createTerminalKey: { operation: 'POST /v1/terminal/keys', why: 'no_person' },
  deleteTerminalKey: { operation: 'DELETE /v1/terminal/keys/{keyId}', why: 'no_person' },
  listPartnerKeys: { operation: 'GET /v1/partner/keys', why: 'no_person' },
  createPartnerKey: { operation: 'POST /v1/partner/keys', why: 'no_person' },
  deletePartnerKey: { operation: 'DELETE /v1/partner/keys/{keyId}', why: 'no_person' },
  createPartnerLaunchTicket: { operation: 'POST /v1/partner/launch-tickets', why: 'no_person' },
  checkPartnerSignature: { operation: 'POST /v1/partner/signature-checks', why: 'no_person' },
  listSubChannels: { operation: 'GET /v1/partner/channels', why: 'no_person' },
  createSubChannel: { operation: 'POST /v1/partner/channels', why: 'no_person' },
  updateSubChannel: { operation: 'PUT /v1/partner/channels/{channelId}', why: 'no_person' },
  setSubChannelState: { operation: 'POST /v1/partner/channels/{channelId}/state', why: 'no_person' },
  createSubChannelKey: { operation: 'POST /v1/partner/channels/{channelId}/keys', why: 'no_person' },
  createWebhookEndpoint: { operation: 'POST /v1/partner/webhook-endpoints', why: 'no_person' },
  listWebhookEndpoints: { operation: 'GET /v1/partner/webhook-endpoints', why: 'no_person' },
  deleteWebhookEndpoint: { operation: 'DELETE /v1/partner/webhook-endpoints/{id}', why: 'no_person' },
  rotateWebhookSecret: { operation: 'POST /v1/partner/webhook-endpoints/{id}/secret-rotation', why: 'no_person' },
  listWebhookDeliveries: { operation: 'GET /v1/partner/webhook-deliveries', why: 'no_person' },
  retryWebhookDelivery: { operation: 'POST /v1/partner/webhook-deliveries/{id}/retry', why: 'no_person' },
  createTerminalWebhookEndpoint: { operation: 'POST /v1/terminal/webhook-endpoints', why: 'no_person' },
  listTerminalWebhookEndpoints: { operation: 'GET /v1/terminal/webhook-endpoints', why: 'no_person' },
  deleteTerminalWebhookEndpoint: { operation: 'DELETE /v1/terminal/webhook-endpoints/{id}', why: 'no_person' },
  rotateTerminalWebhookSecret: { operation: 'POST /v1/terminal/webhook-endpoints/{id}/secret-rotation', why: 'no_person' },
  listTerminalWebhookDeliveries: { operation: 'GET /v1/terminal/webhook-deliveries', why: 'no_person' },
  retryTerminalWebhookDelivery: { operation: 'POST /v1/terminal/webhook-deliveries/{id}/retry', why: 'no_person' },
} as const satisfies Record<string, { operation: string; why: NotShownReason }>);

/** Refusals the holder is told of, and how (the entry's text, then `（未成功：…）`). */
export const REFUSAL_NOTES: Readonly<Record<string, string>> = Object.freeze({
  wrong_pin: '密码错误',
  pin_locked: '密码已锁定',
  code_used: '码已使用',
  code_expired: '码已过期',
  code_voided: '码已失效',
  card_lost: '卡已挂失',
  card_cancelled: '卡已注销',
});

/** Whose entries a refusal may be shown from: the holder's own call or a terminal's on their card. */
const REFUSALS_SHOWN_TO: ReadonlySet<Perspective> = new Set(['self', 'withFamily', 'institution']);

/** What a call of an operation no rule names (a route since removed) says, when someone else made it. */
const UNKNOWN: Readonly<Partial<Record<Perspective, { kind: UsageKind; text: string }>>> = Object.freeze({
  family: { kind: 'family', text: '亲属访问您的信息' },
  sharing: { kind: 'family', text: '家庭共济使用您的个人账户' },
  institution: { kind: 'settlement', text: '{institution}访问您的信息' },
  channel: { kind: 'binding', text: '{channel}访问您的信息' },
  operator: { kind: 'operator', text: '工作人员访问您的信息' },
});

const BY_OPERATION: ReadonlyMap<string, UsageRule> = new Map(Object.values(USAGE_RULES).map((r: UsageRule) => [r.operation, r]));
const HIDDEN: ReadonlySet<string> = new Set(Object.values(NOT_SHOWN).map((n) => n.operation));

/** The access log entry as these rules read it. */
export type UsageSource = Pick<AuditEntry, 'id' | 'at' | 'operation' | 'basis' | 'actor' | 'outcome' | 'refusal' | 'usage' | 'withFamily'>;

/** An entry the holder sees, before the names of its channel and institution are known. */
export interface ClassifiedUsage {
  id: string;
  at: string;
  kind: UsageKind;
  actor: UsageActor;
  perspective: Perspective;
  /** The text, placeholders unfilled. */
  template: string;
  refusalNote?: string;
  channelId?: string;
  institutionId?: string;
  businessType?: string;
  shownByFamily: boolean;
}

export interface UsageEntry {
  id: string;
  at: string;
  kind: UsageKind;
  channel?: { id: string; name: string };
  institution?: { id: string; name: string };
  businessType?: string;
  actor: UsageActor;
  detail: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Who acted, seen from the holder whose card is `viewerCardId`: an operator, an institution's
 * terminal, a channel or portal, or a holder — the viewer (their own card, or none yet: the
 * claim before the card existed) or someone else, who reaches this card only as a bound
 * relative (family).
 */
export function actorOf(entry: Pick<UsageSource, 'actor' | 'basis'>, viewerCardId: string): UsageActor | undefined {
  const actor = entry.actor as Partial<Actor> | undefined;
  switch (actor?.kind) {
    case 'operator':
      return 'operator';
    case 'terminal':
      return 'institution';
    case 'channel':
      return 'channel';
    case 'holder': {
      const cardId = str(actor.cardId);
      const other = cardId !== undefined ? cardId !== viewerCardId : entry.basis === 'relative';
      return other ? 'family' : 'self';
    }
    default:
      return undefined;
  }
}

export function perspectiveOf(entry: Pick<UsageSource, 'actor' | 'basis' | 'withFamily'>, viewerCardId: string): Perspective | undefined {
  const actor = actorOf(entry, viewerCardId);
  if (actor === undefined) return undefined;
  if (entry.basis === 'family_sharing') return 'sharing';
  if (actor === 'self') return entry.withFamily === true ? 'withFamily' : 'self';
  return actor;
}

/** Whether the call succeeded: a 2xx answer, or the operator CLI's exit code 0. */
export function succeeded(entry: Pick<UsageSource, 'outcome' | 'actor'>): boolean {
  const outcome = entry.outcome;
  if (typeof outcome !== 'number') return false;
  return (outcome >= 200 && outcome < 300) || (entry.actor?.kind === 'operator' && outcome === 0);
}

/** The usage log entry of an access log entry of the holder whose card is `viewerCardId`, or undefined when it is not shown. */
export function classifyUsage(entry: UsageSource, viewerCardId: string): ClassifiedUsage | undefined {
  if (!entry || typeof entry !== 'object' || typeof entry.operation !== 'string') return undefined;
  const id = str(entry.id);
  const at = str(entry.at);
  if (id === undefined || at === undefined) return undefined;
  const actor = actorOf(entry, viewerCardId);
  const perspective = perspectiveOf(entry, viewerCardId);
  if (actor === undefined || perspective === undefined) return undefined;
  if (HIDDEN.has(entry.operation)) return undefined;

  let refusalNote: string | undefined;
  if (!succeeded(entry)) {
    const code = str(entry.refusal);
    refusalNote = code !== undefined && Object.prototype.hasOwnProperty.call(REFUSAL_NOTES, code) ? REFUSAL_NOTES[code] : undefined;
    if (refusalNote === undefined || !REFUSALS_SHOWN_TO.has(perspective)) return undefined;
  }

  const rule = BY_OPERATION.get(entry.operation);
  let kind: UsageKind;
  let template: string | undefined;
  if (rule) {
    const own = rule.text[perspective];
    template = own ?? (perspective === 'withFamily' ? rule.text.self : undefined);
    // Acting for a relative is a family-service action in the helper's own log.
    kind = perspective === 'withFamily' && own !== undefined ? 'family' : rule.kind;
  } else {
    if (refusalNote !== undefined) return undefined;
    const fallback = UNKNOWN[perspective];
    template = fallback?.text;
    kind = fallback?.kind ?? 'operator';
  }
  if (template === undefined) return undefined;

  const usage: Partial<UsageNote> = entry.usage && typeof entry.usage === 'object' ? entry.usage : {};
  const shownByFamily = usage.shownByFamily === true;
  // The channel a relative used (to act, or to show this holder's code) is theirs: not shown to this holder.
  const someoneElse = perspective === 'family' || perspective === 'sharing' || perspective === 'operator' || shownByFamily;
  const channelId = someoneElse
    ? undefined
    : perspective === 'channel'
      ? str(entry.actor.channelId)
      : (str(usage.channelId) ?? (perspective === 'institution' ? undefined : str(entry.actor.channelId)));
  const institutionId = perspective === 'operator' ? undefined : (str(entry.actor.institutionId) ?? str(usage.institutionId));
  const businessType = str(usage.businessType);
  return {
    id,
    at,
    kind,
    actor,
    perspective,
    template,
    ...(refusalNote !== undefined ? { refusalNote } : {}),
    ...(channelId !== undefined ? { channelId } : {}),
    ...(institutionId !== undefined ? { institutionId } : {}),
    ...(businessType !== undefined ? { businessType } : {}),
    shownByFamily,
  };
}

const BUSINESS_LABELS: Readonly<Record<BusinessType, string>> = Object.freeze({ query: '查询', payment: '支付', other: '其他业务', out_of_area: '异地就医' });

/** A business type or code-use type as the holder reads it (01101 → 挂号, payment → 支付). */
export function businessLabel(businessType: string | undefined): string | undefined {
  if (businessType === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(CODE_USE_TYPES, businessType)) return CODE_USE_TYPES[businessType as keyof typeof CODE_USE_TYPES].name;
  if (Object.prototype.hasOwnProperty.call(BUSINESS_LABELS, businessType)) return BUSINESS_LABELS[businessType as BusinessType];
  return undefined;
}

export interface UsageNames {
  channel?: string;
  institution?: string;
}

/** The entry as the holder reads it, with the names of its channel and institution (when known). */
export function renderUsage(c: ClassifiedUsage, names: UsageNames = {}): UsageEntry {
  const channelName = names.channel ?? '未知渠道';
  const institutionName = names.institution ?? '医药机构';
  const label = businessLabel(c.businessType);
  const fill: Record<string, string> = {
    institution: institutionName,
    channel: channelName,
    business: label ? `（${label}）` : '',
    byFamily: c.shownByFamily ? '，由亲属出示' : '',
  };
  const text = c.template.replace(/\{(institution|channel|business|byFamily)\}/g, (_, k: string) => fill[k]!);
  return {
    id: c.id,
    at: c.at,
    kind: c.kind,
    ...(c.channelId !== undefined ? { channel: { id: c.channelId, name: channelName } } : {}),
    ...(c.institutionId !== undefined ? { institution: { id: c.institutionId, name: institutionName } } : {}),
    ...(c.businessType !== undefined ? { businessType: c.businessType } : {}),
    actor: c.actor,
    detail: c.refusalNote !== undefined ? `${text}（未成功：${c.refusalNote}）` : text,
  };
}
