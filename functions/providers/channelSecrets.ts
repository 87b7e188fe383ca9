/**
 * Per-channel credentials (WeChat app secret, Alipay keys, Tencent Cloud keys). A channel an
 * operator made at run time carries them on its own item, encrypted as institution key
 * secrets are (`platformSecretsEnc`, functions/channels/operations.ts); the channels that
 * predate that take them from the stage's one SecureString parameter (JSON in CHANNEL_SECRETS).
 * The record wins when it has them. Locally only sandbox channels exist and need none.
 */
import { ConfigError, channelSecrets as channelSecretsVar } from '../core/config.js';
import { pii } from '../core/pii/crypto.js';
import { providerErrors } from './errors.js';

export interface ChannelSecrets {
  wechatAppSecret?: string;
  alipayPrivateKey?: string;
  alipayPublicKey?: string;
  tencentSecretId?: string;
  tencentSecretKey?: string;
  /** WeChat Pay (the medical-insurance mixed order): merchant id, API private key (PEM) and its serial, APIv3 key, the WeChat Pay public key and its id. */
  wechatPayMchId?: string;
  wechatPayPrivateKey?: string;
  wechatPaySerialNo?: string;
  wechatPayApiV3Key?: string;
  wechatPayPublicKey?: string;
  wechatPayPublicKeyId?: string;
}

/** What a channel's credentials are read from. */
export interface SecretsChannel {
  id: string;
  platformSecretsEnc?: string;
}

let parsed: Record<string, ChannelSecrets> | undefined;

function stageSecrets(channelId: string): ChannelSecrets {
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

export async function channelSecrets(channel: SecretsChannel): Promise<ChannelSecrets> {
  if (!channel.platformSecretsEnc) return stageSecrets(channel.id);
  return JSON.parse((await pii()).decrypt('secret', channel.platformSecretsEnc)) as ChannelSecrets;
}

export async function requireSecret<K extends keyof ChannelSecrets>(channel: SecretsChannel, key: K): Promise<string> {
  const value = (await channelSecrets(channel))[key];
  if (!value) {
    // A deployment fault, but one the caller should see plainly rather than as a bare 500.
    throw providerErrors.problem('channel_not_configured', { channelId: channel.id, key });
  }
  return value;
}
