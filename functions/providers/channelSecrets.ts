/**
 * Per-channel credentials (WeChat app secret, Alipay keys, Tencent Cloud keys). On AWS
 * they come from one SecureString parameter as JSON in CHANNEL_SECRETS; locally only the
 * sandbox channel exists and needs none.
 */
import { ConfigError, channelSecrets as channelSecretsVar } from '../core/config.js';
import { providerErrors } from './errors.js';

export interface ChannelSecrets {
  wechatAppSecret?: string;
  alipayPrivateKey?: string;
  alipayPublicKey?: string;
  tencentSecretId?: string;
  tencentSecretKey?: string;
}

let parsed: Record<string, ChannelSecrets> | undefined;

export function channelSecrets(channelId: string): ChannelSecrets {
  if (!parsed) {
    const raw = channelSecretsVar();
    try {
      parsed = raw ? (JSON.parse(raw) as Record<string, ChannelSecrets>) : {};
    } catch (cause) {
      throw new ConfigError('CHANNEL_SECRETS is not valid JSON', { cause });
    }
  }
  return parsed[channelId] ?? {};
}

export function requireSecret<K extends keyof ChannelSecrets>(channelId: string, key: K): string {
  const value = channelSecrets(channelId)[key];
  if (!value) {
    // A deployment fault, but one the caller should see plainly rather than as a bare 500.
    throw providerErrors.problem('channel_not_configured', { channelId, key });
  }
  return value;
}
