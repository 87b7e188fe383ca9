/** Picks the face provider a channel uses, built once per channel per container. */
import { ConfigError, sandboxFaceUrl } from '../core/config.js';
import { requireSecret } from './channelSecrets.js';
import type { FaceProvider, FaceProviderName } from './face.js';
import { WechatFaceProvider } from './wechat/face.js';
import { AlipayFaceProvider } from './alipay/face.js';
import { TencentFaceProvider } from './tencent/face.js';
import { SandboxFaceProvider } from './sandbox/face.js';
import { wechatAccessToken } from './wechat/accessToken.js';

/** What a face provider needs of a channel. */
export interface FaceChannel {
  id: string;
  faceProvider: FaceProviderName;
  appId?: string;
  /** Tencent FaceID rule id, for channels that use it. */
  faceRuleId?: string;
}

const providers = new Map<string, FaceProvider>();

export function faceProviderFor(channel: FaceChannel): FaceProvider {
  let provider = providers.get(channel.id);
  if (!provider) {
    provider = build(channel);
    providers.set(channel.id, provider);
  }
  return provider;
}

function build(channel: FaceChannel): FaceProvider {
  switch (channel.faceProvider) {
    case 'sandbox': {
      const baseUrl = sandboxFaceUrl();
      if (!baseUrl) throw new ConfigError('SANDBOX_FACE_URL is required by a channel of the sandbox face provider');
      return new SandboxFaceProvider({ baseUrl });
    }
    case 'wechat':
      return new WechatFaceProvider({
        getAccessToken: () => wechatAccessToken(channel.appId ?? '', requireSecret(channel.id, 'wechatAppSecret')),
      });
    case 'alipay':
      return new AlipayFaceProvider({
        appId: channel.appId ?? '',
        privateKey: requireSecret(channel.id, 'alipayPrivateKey'),
        alipayPublicKey: requireSecret(channel.id, 'alipayPublicKey'),
      });
    case 'tencent':
      return new TencentFaceProvider({
        secretId: requireSecret(channel.id, 'tencentSecretId'),
        secretKey: requireSecret(channel.id, 'tencentSecretKey'),
        ruleId: channel.faceRuleId ?? '',
      });
  }
}
