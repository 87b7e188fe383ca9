/** Picks the login exchange a channel uses, built once per channel per container. */
import { requireSecret } from './channelSecrets.js';
import { LoginCodeRejected, type PlatformLogin } from './login.js';
import { WechatLogin } from './wechat/login.js';
import { AlipayLogin } from './alipay/login.js';
import { SandboxLogin } from './sandbox/login.js';

/** What a login exchange needs of a channel. */
export interface LoginChannel {
  id: string;
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  appId?: string;
}

const logins = new Map<string, PlatformLogin>();

export function platformLoginFor(channel: LoginChannel): PlatformLogin {
  let login = logins.get(channel.id);
  if (!login) {
    login = build(channel);
    logins.set(channel.id, login);
  }
  return login;
}

function build(channel: LoginChannel): PlatformLogin {
  switch (channel.login) {
    case 'sandbox':
      return new SandboxLogin();
    case 'ticket':
      // Only launch tickets (sessions/createSession.ts) log in to such a channel; every platform code is refused.
      return { platform: 'h5', exchange: async () => Promise.reject(new LoginCodeRejected('this channel logs in with launch tickets only')) };
    case 'wechat':
      return new WechatLogin({ appId: channel.appId ?? '', appSecret: requireSecret(channel.id, 'wechatAppSecret') });
    case 'alipay':
      return new AlipayLogin({
        appId: channel.appId ?? '',
        privateKey: requireSecret(channel.id, 'alipayPrivateKey'),
        alipayPublicKey: requireSecret(channel.id, 'alipayPublicKey'),
      });
  }
}
