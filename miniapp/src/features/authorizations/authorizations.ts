/** Words of the 授权管理 page. Pure: no Taro. */

export const PLATFORM_TEXT: Record<string, string> = {
  weapp: '微信小程序',
  alipay: '支付宝小程序',
  h5: '网页应用',
  app: '手机应用',
}

export function platformText(platform: string | undefined): string {
  return (platform && PLATFORM_TEXT[platform]) || '应用'
}

/** What is being revoked: a channel binding (an app) or a portal grant (a website). */
export interface RevokeTarget {
  kind: 'channel' | 'portal'
  channelId: string
  name: string
  /** The channel of this session: revoking it ends the card in this app. */
  current: boolean
  /** The card is bound in no other channel. */
  lastBinding: boolean
  /** The holder already said yes to losing it: sent with `confirm: true`. */
  confirmed?: boolean
}

/** Revoking this needs the holder's explicit yes (the server refuses it without `confirm`). */
export function needsConfirmation(target: RevokeTarget): boolean {
  return target.kind === 'channel' && (target.current || target.lastBinding)
}

/** A target as the server's 409 confirmation_required describes it (`reason`). */
export function withReason(target: RevokeTarget, reason: string | undefined): RevokeTarget {
  if (reason === 'current_channel') return { ...target, current: true }
  if (reason === 'last_binding') return { ...target, lastBinding: true }
  return target
}

/**
 * The confirmation of revoking this app or the last binding, in plain words: asked before
 * the PIN or face (`verified` false: 继续 leads to them), or after the server's 409 with
 * the proof given (`verified`: 确认解除 sends it again).
 */
export function confirmationText(target: RevokeTarget, verified: boolean, serverDetail?: string): { title: string; paragraphs: string[]; okText: string } {
  const paragraphs: string[] = []
  if (target.current) {
    paragraphs.push('这是您正在使用的应用。解除后，您将不能在本应用中使用电子社保卡：不能出示电子社保卡码、支付或办理业务，本页也会关闭。')
  }
  if (target.lastBinding) {
    paragraphs.push(
      target.current
        ? '这也是您的电子社保卡绑定的最后一个应用，解除后在任何应用中都不能使用，需要时请重新申领。'
        : '这是您的电子社保卡绑定的最后一个应用。解除后，您在任何应用中都不能使用电子社保卡，需要时请重新申领。',
    )
  }
  if (paragraphs.length === 0) paragraphs.push(serverDetail || `解除后，“${target.name}”将不能再使用您的电子社保卡。`)
  if (target.current || target.lastBinding) paragraphs.push('确定要解除吗？')
  return {
    title: target.current ? '解除本应用的授权？' : `解除“${target.name}”的授权？`,
    paragraphs,
    okText: verified ? '确认解除' : '继续解除',
  }
}

/** What the page says after a revocation. */
export function revokedText(target: RevokeTarget): string {
  return target.kind === 'portal' ? `已解除“${target.name}”的登录授权` : `已解除“${target.name}”的授权，该应用的登录和电子社保卡码已立即失效`
}
