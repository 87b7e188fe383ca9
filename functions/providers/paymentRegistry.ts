/**
 * Picks the payment provider a channel collects cash with, built once per channel (and its
 * secrets) per container: the channel's `paymentProvider`, else what its login implies (a
 * WeChat mini-program pays with WeChat Pay, an Alipay one with Alipay, others with the
 * sandbox payer, which exists only on the local stages).
 */
import { ConfigError, sandboxPaymentUrl } from '../core/config.js';
import { requireSecret, type SecretsChannel } from './channelSecrets.js';
import { providerCache } from './providerCache.js';
import type { PaymentProvider, PaymentProviderName } from './payment.js';
import { AlipayPaymentProvider } from './alipay/payment.js';
import { SandboxPaymentProvider } from './sandbox/payment.js';
import { WechatMedInsPaymentProvider } from './wechat/payment.js';

/** What a payment provider needs of a channel. */
export interface PaymentChannel extends SecretsChannel {
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  paymentProvider?: PaymentProviderName;
  appId?: string;
}

export function paymentProviderNameOf(channel: PaymentChannel): PaymentProviderName {
  if (channel.paymentProvider) return channel.paymentProvider;
  return channel.login === 'wechat' ? 'wechat' : channel.login === 'alipay' ? 'alipay' : 'sandbox';
}

const providers = providerCache<PaymentProvider>();

export function paymentProviderFor(channel: PaymentChannel): Promise<PaymentProvider> {
  const name = paymentProviderNameOf(channel);
  return providers([channel.id, name, channel.appId, channel.platformSecretsEnc], () => build(channel, name));
}

async function build(channel: PaymentChannel, name: PaymentProviderName): Promise<PaymentProvider> {
  switch (name) {
    case 'sandbox': {
      const baseUrl = sandboxPaymentUrl();
      if (!baseUrl) throw new ConfigError('SANDBOX_PAYMENT_URL is required by a channel of the sandbox payer');
      return new SandboxPaymentProvider({ baseUrl });
    }
    case 'wechat':
      return new WechatMedInsPaymentProvider({
        mchId: await requireSecret(channel, 'wechatPayMchId'),
        appId: channel.appId ?? '',
        merchantPrivateKey: await requireSecret(channel, 'wechatPayPrivateKey'),
        merchantSerialNo: await requireSecret(channel, 'wechatPaySerialNo'),
        apiV3Key: await requireSecret(channel, 'wechatPayApiV3Key'),
        wechatPayPublicKey: await requireSecret(channel, 'wechatPayPublicKey'),
        wechatPayPublicKeyId: await requireSecret(channel, 'wechatPayPublicKeyId'),
      });
    case 'alipay':
      return new AlipayPaymentProvider({
        appId: channel.appId ?? '',
        privateKey: await requireSecret(channel, 'alipayPrivateKey'),
        alipayPublicKey: await requireSecret(channel, 'alipayPublicKey'),
      });
  }
}
