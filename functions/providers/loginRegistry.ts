/** Picks the login exchange a channel uses, built once per channel (and its secrets) per container. */
import { requireSecret, type SecretsChannel } from './channelSecrets.js';
import { providerCache } from './providerCache.js';
import { LoginCodeRejected, type PlatformLogin } from './login.js';
import { WechatLogin } from './wechat/login.js';
import { AlipayLogin } from './alipay/login.js';
import { SandboxLogin } from './sandbox/login.js';

/** What a login exchange needs of a channel. */
export interface LoginChannel extends SecretsChannel {
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  appId?: string;
}

const logins = providerCache<PlatformLogin>();

export function platformLoginFor(channel: LoginChannel): Promise<PlatformLogin> {
  return logins([channel.id, channel.login, channel.appId, channel.platformSecretsEnc], () => build(channel));
}

async function build(channel: LoginChannel): Promise<PlatformLogin> {
  switch (channel.login) {
    case 'sandbox':
      // Deployed stages' bundles leave the sandbox adapters out (serverless.yml custom.sandboxAdapters
      // defines this as "left-out" there, and esbuild drops the branch).
      // Anyone may log in to a sandbox channel as anyone: never in a deployed bundle.
      if (process.env.ESSC_SANDBOX_ADAPTERS !== 'left-out') return new SandboxLogin();
      // As a ticket channel refuses platform codes: the caller gets login_code_rejected, not a 500.
      return { platform: 'sandbox', exchange: async () => Promise.reject(new LoginCodeRejected('the sandbox login is left out of deployed bundles')) };
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
