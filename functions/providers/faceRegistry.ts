/** Picks the face provider a channel uses, built once per channel (and its secrets) per container. */
import { ConfigError, sandboxFaceUrl } from '../core/config.js';
import { requireSecret, type SecretsChannel } from './channelSecrets.js';
import { providerCache } from './providerCache.js';
import type { FaceProvider, FaceProviderName } from './face.js';
import { WechatFaceProvider } from './wechat/face.js';
import { AlipayFaceProvider } from './alipay/face.js';
import { TencentFaceProvider } from './tencent/face.js';
import { SandboxFaceProvider } from './sandbox/face.js';
import { wechatAccessToken } from './wechat/accessToken.js';

/** What a face provider needs of a channel. */
export interface FaceChannel extends SecretsChannel {
  faceProvider: FaceProviderName;
  appId?: string;
  /** Tencent FaceID rule id, for channels that use it. */
  faceRuleId?: string;
}

const providers = providerCache<FaceProvider>();

export function faceProviderFor(channel: FaceChannel): Promise<FaceProvider> {
  return providers([channel.id, channel.faceProvider, channel.appId, channel.faceRuleId, channel.platformSecretsEnc], () => build(channel));
}

async function build(channel: FaceChannel): Promise<FaceProvider> {
  switch (channel.faceProvider) {
    case 'sandbox': {
      // Deployed stages' bundles leave the sandbox adapters out (serverless.yml custom.sandboxAdapters
      // defines this as "left-out" there, and esbuild drops the branch).
      if (process.env.ESSC_SANDBOX_ADAPTERS !== 'left-out') {
        const baseUrl = sandboxFaceUrl();
        if (!baseUrl) throw new ConfigError('SANDBOX_FACE_URL is required by a channel of the sandbox face provider');
        return new SandboxFaceProvider({ baseUrl });
      }
      throw new ConfigError('the sandbox face provider is left out of deployed bundles');
    }
    case 'wechat': {
      const appSecret = await requireSecret(channel, 'wechatAppSecret');
      return new WechatFaceProvider({ getAccessToken: () => wechatAccessToken(channel.appId ?? '', appSecret) });
    }
    case 'alipay':
      return new AlipayFaceProvider({
        appId: channel.appId ?? '',
        privateKey: await requireSecret(channel, 'alipayPrivateKey'),
        alipayPublicKey: await requireSecret(channel, 'alipayPublicKey'),
      });
    case 'tencent':
      return new TencentFaceProvider({
        secretId: await requireSecret(channel, 'tencentSecretId'),
        secretKey: await requireSecret(channel, 'tencentSecretKey'),
        ruleId: channel.faceRuleId ?? '',
      });
  }
}
