/**
 * Which platform this build is, the channel it logs in to, and the one-time login code
 * for `POST /v1/sessions`. Branches test `process.env.TARO_ENV`, which the build
 * replaces with a literal, so each platform's bundle keeps only its own branch.
 */
import Taro from '@tarojs/taro'
import { h5Launch, h5LaunchChannel, h5User, takeLaunchTicket } from './h5'
import { tellHostOnClose } from './embed'

export type PlatformName = 'weapp' | 'alipay' | 'h5'

export const platform: PlatformName =
  process.env.TARO_ENV === 'alipay' ? 'alipay' : process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'

/** The channel this build logs in to (see the extra API contract); on H5 a partner's launch names its own. */
export function channelId(): string {
  if (process.env.TARO_ENV === 'alipay') return 'alipay-demo'
  if (process.env.TARO_ENV === 'h5') return h5LaunchChannel() ?? 'sandbox'
  return 'weapp-demo'
}

/** Called once at launch: takes a partner's launch ticket off the URL, settles the H5 user, before any request is made. */
export function initPlatform(): void {
  if (process.env.TARO_ENV === 'h5') {
    h5Launch()
    h5User()
    tellHostOnClose()
  }
}

/** A one-time login code for `POST /v1/sessions`. */
export function getLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return weappLoginCode()
  if (process.env.TARO_ENV === 'alipay') return alipayLoginCode()
  const ticket = takeLaunchTicket()
  if (ticket) return Promise.resolve(`ticket:${ticket}`)
  return Promise.resolve(`sandbox:${h5User()}`)
}

/** wx.login: a code the server exchanges with jscode2session. */
function weappLoginCode(): Promise<string> {
  return Taro.login().then((res) => {
    if (!res.code) throw new Error('wx.login returned no code')
    return res.code
  })
}

/** my.getAuthCode (silent auth_base scope): a code the server exchanges with system.oauth.token. */
function alipayLoginCode(): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (typeof my === 'undefined' || !my) {
      reject(new Error('my is not available'))
      return
    }
    my.getAuthCode({
      scopes: 'auth_base',
      success: (res) => (res.authCode ? resolve(res.authCode) : reject(new Error('no authCode'))),
      fail: (err) => reject(new Error(err.errorMessage || 'my.getAuthCode failed')),
    })
  })
}
