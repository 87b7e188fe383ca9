/** Picks the face provider a channel uses, built once per channel per container. */
import { requireEnv } from '../core/config.js';
import { requireSecret } from './channelSecrets.js';
import type { Channel } from '../channels/channel.store.js';
import type { FaceProvider } from './face.js';
import { WechatFaceProvider } from './wechat/face.js';
import { AlipayFaceProvider } from './alipay/face.js';
import { TencentFaceProvider } from './tencent/face.js';
import { SandboxFaceProvider } from './sandbox/face.js';
import { wechatAccessToken } from './wechat/accessToken.js';

const providers = new Map<string, FaceProvider>();

export function faceProviderFor(channel: Channel): FaceProvider {
  let provider = providers.get(channel.id);
  if (!provider) {
    provider = build(channel);
    providers.set(channel.id, provider);
  }
  return provider;
}

function build(channel: Channel): FaceProvider {
  switch (channel.faceProvider) {
    case 'sandbox':
      return new SandboxFaceProvider({ baseUrl: requireEnv('SANDBOX_FACE_URL') });
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
