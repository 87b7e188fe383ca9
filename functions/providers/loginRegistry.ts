/** Picks the login exchange a channel uses, built once per channel per container. */
import { requireSecret } from './channelSecrets.js';
import type { PlatformLogin } from './login.js';
import { WechatLogin } from './wechat/login.js';
import { AlipayLogin } from './alipay/login.js';
import { SandboxLogin } from './sandbox/login.js';

/** What a login exchange needs of a channel. */
export interface LoginChannel {
  id: string;
  login: 'wechat' | 'alipay' | 'sandbox';
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
