/** Picks the login exchange a channel uses, built once per channel (and its secrets) per container. */
import { requireSecret, type SecretsChannel } from './channelSecrets.js';
import { LoginCodeRejected, type PlatformLogin } from './login.js';
import { WechatLogin } from './wechat/login.js';
import { AlipayLogin } from './alipay/login.js';
import { SandboxLogin } from './sandbox/login.js';

/** What a login exchange needs of a channel. */
export interface LoginChannel extends SecretsChannel {
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  appId?: string;
}

const logins = new Map<string, Promise<PlatformLogin>>();
const MAX_ENTRIES = 256;

export function platformLoginFor(channel: LoginChannel): Promise<PlatformLogin> {
  // Everything it is built from: an operator's change (new secrets are a new ciphertext) is a new entry.
  const key = [channel.id, channel.login, channel.appId ?? '', channel.platformSecretsEnc ?? ''].join('\n');
  let login = logins.get(key);
  if (!login) {
    if (logins.size >= MAX_ENTRIES) logins.delete(logins.keys().next().value!);
    login = build(channel);
    login.catch(() => logins.delete(key));
    logins.set(key, login);
  }
  return login;
}

async function build(channel: LoginChannel): Promise<PlatformLogin> {
  switch (channel.login) {
    case 'sandbox':
      return new SandboxLogin();
    case 'ticket':
      // Only launch tickets (sessions/createSession.ts) log in to such a channel; every platform code is refused.
      return { platform: 'h5', exchange: async () => Promise.reject(new LoginCodeRejected('this channel logs in with launch tickets only')) };
    case 'wechat':
      return new WechatLogin({ appId: channel.appId ?? '', appSecret: await requireSecret(channel, 'wechatAppSecret') });
    case 'alipay':
      return new AlipayLogin({
        appId: channel.appId ?? '',
        privateKey: await requireSecret(channel, 'alipayPrivateKey'),
        alipayPublicKey: await requireSecret(channel, 'alipayPublicKey'),
      });
  }
}
