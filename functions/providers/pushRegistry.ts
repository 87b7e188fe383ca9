/**
 * Picks the platform a channel pushes holder notifications through, built once per channel
 * (and its secrets) per container: the channel's `pushProvider`, else what its login implies
 * (a WeChat mini-program pushes WeChat subscription messages, an Alipay one Alipay's, the
 * sandbox channel the sandbox recorder). A channel whose users arrive by launch ticket (a bank
 * or government app) has no platform push unless it names one. The sandbox exists only on the
 * local stages: elsewhere a channel of it has no push.
 */
import { ConfigError, isLocalStage, sandboxPushUrl } from '../core/config.js';
import { requireSecret, type SecretsChannel } from './channelSecrets.js';
import { providerCache } from './providerCache.js';
import type { PushProvider, PushProviderName } from './push.js';
import { AlipayPushProvider } from './alipay/push.js';
import { SandboxPushProvider } from './sandbox/push.js';
import { forgetWechatAccessToken, wechatAccessToken } from './wechat/accessToken.js';
import { WechatPushProvider, type WechatMiniprogramState } from './wechat/push.js';

/** What a push provider needs of a channel. */
export interface PushChannel extends SecretsChannel {
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  pushProvider?: PushProviderName;
  appId?: string;
  /** Which version of a WeChat mini-program a message opens (default formal). */
  wechatMiniprogramState?: WechatMiniprogramState;
}

/** The platform this channel pushes through; undefined: none (in-app messages only). */
export function pushProviderNameOf(channel: PushChannel): PushProviderName | undefined {
  const name: PushProviderName | undefined =
    channel.pushProvider ?? (channel.login === 'wechat' ? 'wechat' : channel.login === 'alipay' ? 'alipay' : channel.login === 'sandbox' ? 'sandbox' : undefined);
  return name === 'sandbox' && !isLocalStage() ? undefined : name;
}

const providers = providerCache<PushProvider>();

/** The channel's push provider, or undefined when it has none. Rejects when its configuration is incomplete. */
export async function pushProviderFor(channel: PushChannel): Promise<PushProvider | undefined> {
  const name = pushProviderNameOf(channel);
  if (name === undefined) return undefined;
  return providers([channel.id, name, channel.appId, channel.wechatMiniprogramState, channel.platformSecretsEnc], () => build(channel, name));
}

async function build(channel: PushChannel, name: PushProviderName): Promise<PushProvider> {
  switch (name) {
    case 'sandbox': {
      // Deployed stages' bundles leave the sandbox adapters out (serverless.yml custom.sandboxAdapters
      // defines this as "left-out" there, and esbuild drops the branch).
      if (process.env.ESSC_SANDBOX_ADAPTERS !== 'left-out') {
        const baseUrl = sandboxPushUrl();
        if (!baseUrl) throw new ConfigError('SANDBOX_PUSH_URL is required by a channel of the sandbox push recorder');
        return new SandboxPushProvider({ baseUrl });
      }
      throw new ConfigError('the sandbox push recorder is left out of deployed bundles');
    }
    case 'wechat': {
      const appId = channel.appId ?? '';
      const appSecret = await requireSecret(channel, 'wechatAppSecret');
      return new WechatPushProvider({
        getAccessToken: (refused) => {
          if (refused !== undefined) forgetWechatAccessToken(appId, refused);
          return wechatAccessToken(appId, appSecret);
        },
        ...(channel.wechatMiniprogramState ? { miniprogramState: channel.wechatMiniprogramState } : {}),
      });
    }
    case 'alipay':
      return new AlipayPushProvider({
        appId: channel.appId ?? '',
        privateKey: await requireSecret(channel, 'alipayPrivateKey'),
        alipayPublicKey: await requireSecret(channel, 'alipayPublicKey'),
      });
  }
}
