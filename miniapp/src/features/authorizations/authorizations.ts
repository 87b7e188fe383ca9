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
}

/** The confirmation the server asks for (409 confirmation_required), in plain words. */
export function confirmationText(target: RevokeTarget, serverDetail?: string): { title: string; paragraphs: string[]; okText: string } {
  const paragraphs: string[] = []
  if (target.current) {
    paragraphs.push('这是您正在使用的应用。解除后，您将不能在本应用中使用电子社保卡：不能出示医保码、支付或办理业务，本页也会关闭。')
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
    okText: '确认解除',
  }
}

/** What the page says after a revocation. */
export function revokedText(target: RevokeTarget): string {
  return target.kind === 'portal' ? `已解除“${target.name}”的登录授权` : `已解除“${target.name}”的授权，该应用的登录和医保码已立即失效`
}
