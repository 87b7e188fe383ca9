/** Picks the login exchange a channel uses, built once per channel per container. */
import { requireSecret } from '../lib/channelSecrets.js';
import type { Channel } from '../store/channel.js';
import type { PlatformLogin } from './platformLogin.js';
import { WechatLogin } from './wechat.js';
import { AlipayLogin } from './alipay.js';
import { SandboxLogin } from './sandbox.js';

const logins = new Map<string, PlatformLogin>();

export function platformLoginFor(channel: Channel): PlatformLogin {
  let login = logins.get(channel.id);
  if (!login) {
    login = build(channel);
    logins.set(channel.id, login);
  }
  return login;
}

function build(channel: Channel): PlatformLogin {
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
