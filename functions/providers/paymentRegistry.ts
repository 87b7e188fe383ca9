/**
 * Picks the payment provider a channel collects cash with, its client built once per channel (and
 * its secrets) per container: the channel's `paymentProvider`, else what its login implies (a
 * WeChat mini-program pays with WeChat Pay, an Alipay one with Alipay, others with the sandbox
 * payer, which exists only on the local stages). Each operation is its own function with a switch
 * over the providers' functions for it, so that a Lambda that only refunds, say, bundles no
 * provider's order creation or notification check.
 */
import { ConfigError, sandboxPaymentUrl } from '../core/config.js';
import { requireSecret, type SecretsChannel } from './channelSecrets.js';
import { providerCache } from './providerCache.js';
import type { CreatedPayment, CreatePaymentInput, PaymentOutcome, PaymentProviderName, PaymentRef, RefundInput, RefundOutcome, VerifiedNotification } from './payment.js';
import { AlipayPaymentProvider, closeAlipayTrade, createAlipayTrade, queryAlipayTrade, refundAlipayTrade, verifyAlipayNotification } from './alipay/payment.js';
import { closeSandboxOrder, createSandboxOrder, querySandboxOrder, refundSandboxOrder, SandboxPaymentProvider, verifySandboxNotification } from './sandbox/payment.js';
import { closeWechatPayOrder, createWechatMedInsOrder, queryWechatMedInsOrder, refundWechatPay, verifyWechatPayNotification, WechatMedInsPaymentProvider } from './wechat/payment.js';

/** What a payment provider needs of a channel. */
export interface PaymentChannel extends SecretsChannel {
  login: 'wechat' | 'alipay' | 'sandbox' | 'ticket';
  paymentProvider?: PaymentProviderName;
  appId?: string;
}

/** One of the providers' clients; its `name` says which. */
export type AnyPaymentClient = WechatMedInsPaymentProvider | AlipayPaymentProvider | SandboxPaymentProvider;

export function paymentProviderNameOf(channel: PaymentChannel): PaymentProviderName {
  if (channel.paymentProvider) return channel.paymentProvider;
  return channel.login === 'wechat' ? 'wechat' : channel.login === 'alipay' ? 'alipay' : 'sandbox';
}

const clients = providerCache<AnyPaymentClient>();

/** The channel's payment client, built (its secrets decrypted) once per container; the operations below take it. */
export function paymentClientFor(channel: PaymentChannel): Promise<AnyPaymentClient> {
  const name = paymentProviderNameOf(channel);
  return clients([channel.id, name, channel.appId, channel.platformSecretsEnc], () => build(channel, name));
}

/**
 * The sandbox payer's client and operations, on the local stages' builds only: serverless.yml
 * custom.sandboxAdapters defines ESSC_SANDBOX_ADAPTERS as "left-out" for a deployed stage, where
 * esbuild folds the test and drops the sandbox payer's code. Read at each call, so that
 * unbundled code (the tests) can be run as a deployed build would.
 */
function sandboxPayer() {
  return process.env.ESSC_SANDBOX_ADAPTERS !== 'left-out'
    ? {
        client: (baseUrl: string) => new SandboxPaymentProvider({ baseUrl }),
        create: createSandboxOrder,
        query: querySandboxOrder,
        close: closeSandboxOrder,
        refund: refundSandboxOrder,
        verify: verifySandboxNotification,
      }
    : sandboxLeftOut();
}

function sandboxLeftOut(): never {
  throw new ConfigError('the sandbox payer is left out of deployed bundles');
}

/** Creates the order of a bill's cash part at the client's provider. */
export async function createPayment(client: AnyPaymentClient, input: CreatePaymentInput): Promise<CreatedPayment> {
  switch (client.name) {
    case 'wechat':
      return createWechatMedInsOrder(client, input);
    case 'alipay':
      return createAlipayTrade(client, input);
    case 'sandbox':
      return sandboxPayer().create(client, input);
  }
}

/** An order's status at the provider. */
export async function queryPayment(client: AnyPaymentClient, ref: PaymentRef): Promise<PaymentOutcome> {
  switch (client.name) {
    case 'wechat':
      return queryWechatMedInsOrder(client, ref);
    case 'alipay':
      return queryAlipayTrade(client, ref);
    case 'sandbox':
      return sandboxPayer().query(client, ref);
  }
}

/** Closes an unpaid order so it can no longer be paid; true when it is closed (or was never paid), false when it was paid. */
export async function closePayment(client: AnyPaymentClient, ref: PaymentRef): Promise<boolean> {
  switch (client.name) {
    case 'wechat':
      return closeWechatPayOrder(client, ref);
    case 'alipay':
      return closeAlipayTrade(client, ref);
    case 'sandbox':
      return sandboxPayer().close(client, ref);
  }
}

/** Refunds (part of) a paid order's cash at the provider that collected it. */
export async function refundPayment(client: AnyPaymentClient, input: RefundInput): Promise<RefundOutcome> {
  switch (client.name) {
    case 'wechat':
      return refundWechatPay(client, input);
    case 'alipay':
      return refundAlipayTrade(client, input);
    case 'sandbox':
      return sandboxPayer().refund(client, input);
  }
}

/**
 * Checks a notification the client's provider sent and reads which order it is about; throws
 * PaymentProviderError when it does not verify. The caller still asks the provider (query)
 * before acting on it.
 */
export async function verifyPaymentNotification(client: AnyPaymentClient, headers: Record<string, string | undefined>, body: string): Promise<VerifiedNotification> {
  switch (client.name) {
    case 'wechat':
      return verifyWechatPayNotification(client, headers, body);
    case 'alipay':
      return verifyAlipayNotification(client, headers, body);
    case 'sandbox':
      return sandboxPayer().verify(client, headers, body);
  }
}

async function build(channel: PaymentChannel, name: PaymentProviderName): Promise<AnyPaymentClient> {
  switch (name) {
    case 'sandbox': {
      const payer = sandboxPayer();
      const baseUrl = sandboxPaymentUrl();
      if (!baseUrl) throw new ConfigError('SANDBOX_PAYMENT_URL is required by a channel of the sandbox payer');
      return payer.client(baseUrl);
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
