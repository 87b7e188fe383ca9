/** Words of the 用卡记录 page: kinds, who acted, business types. Pure: no Taro. */

export type UsageKind =
  | 'code_verification'
  | 'settlement'
  | 'bill'
  | 'portal_login'
  | 'claim'
  | 'loss_report'
  | 'pin_change'
  | 'binding'
  | 'family'
  | 'pension'
  | 'proof'
  | 'operator'

export type UsageActor = 'self' | 'family' | 'operator' | 'institution' | 'channel'

export interface UsageEntry {
  id: string
  at: string
  kind: UsageKind | string
  channel?: { id: string; name: string }
  institution?: { id: string; name: string }
  businessType?: string
  actor: UsageActor | string
  /** zh-CN, masked, by the server. */
  detail: string
}

/** Each kind's label and the one character drawn in its round icon. */
export const USAGE_KINDS: Record<UsageKind, { label: string; icon: string }> = {
  code_verification: { label: '扫码用卡', icon: '码' },
  settlement: { label: '医保结算', icon: '结' },
  bill: { label: '线上缴费', icon: '缴' },
  portal_login: { label: '扫码登录', icon: '登' },
  claim: { label: '申领电子社保卡', icon: '领' },
  loss_report: { label: '挂失与解挂', icon: '挂' },
  pin_change: { label: '密码变更', icon: '密' },
  binding: { label: '应用绑定与解绑', icon: '绑' },
  family: { label: '亲情服务', icon: '亲' },
  pension: { label: '待遇资格认证', icon: '认' },
  proof: { label: '开具证明', icon: '证' },
  operator: { label: '经办机构操作', icon: '办' },
}

export function usageKind(kind: string): { label: string; icon: string } {
  return (USAGE_KINDS as Record<string, { label: string; icon: string }>)[kind] ?? { label: '用卡', icon: '卡' }
}

export const ACTOR_TEXT: Record<UsageActor, string> = {
  self: '本人',
  family: '亲属',
  operator: '经办人员',
  institution: '机构',
  channel: '应用',
}

export function actorText(actor: string): string {
  return (ACTOR_TEXT as Record<string, string>)[actor] ?? '其他'
}

/** Business types and the code-use types a terminal may name (functions/codes/dynamicCode.rules.ts). */
export const BUSINESS_TYPE_TEXT: Record<string, string> = {
  query: '身份核验',
  payment: '支付',
  '01101': '挂号',
  '01301': '门诊结算',
  '02121': '药店购药',
}

export function businessTypeText(type: string | undefined): string | undefined {
  if (!type) return undefined
  return BUSINESS_TYPE_TEXT[type] ?? type
}

/** Where and through whom: "示范大药房 · 药店购药 · 演示银行", the parts the entry has. */
export function usagePlace(e: UsageEntry): string {
  return [e.institution?.name, businessTypeText(e.businessType), e.channel?.name].filter(Boolean).join(' · ')
}

