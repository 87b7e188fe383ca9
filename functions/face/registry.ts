/** Picks the face provider a channel uses, built once per channel per container. */
import { requireEnv } from '../lib/env.js';
import { requireSecret } from '../lib/channelSecrets.js';
import type { Channel } from '../store/channel.js';
import type { FaceProvider } from './provider.js';
import { WechatFaceProvider } from './wechat.js';
import { AlipayFaceProvider } from './alipay.js';
import { TencentFaceProvider } from './tencent.js';
import { SandboxFaceProvider } from './sandbox.js';
import { wechatAccessToken } from '../login/wechatAccessToken.js';

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
