/**
 * The payment registry sends each operation to the channel's provider, and the sandbox adapters
 * are refused where a deployed build leaves them out (ESSC_SANDBOX_ADAPTERS "left-out", here set at
 * run time: unbundled code reads the same variable the bundles' define replaces).
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../functions/core/config.js';
import { faceProviderFor } from '../../../functions/providers/faceRegistry.js';
import { LoginCodeRejected } from '../../../functions/providers/login.js';
import { platformLoginFor } from '../../../functions/providers/loginRegistry.js';
import { closePayment, createPayment, paymentClientFor, queryPayment, refundPayment, verifyPaymentNotification, type PaymentChannel } from '../../../functions/providers/paymentRegistry.js';
import { paymentInput } from '../support/paymentOperations.js';
import { pushProviderFor } from '../../../functions/providers/pushRegistry.js';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = rsa();
const wechatPay = rsa();
const alipay = rsa();
const pem = (k: ReturnType<typeof rsa>) => ({ privateKey: k.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: k.publicKey.export({ type: 'spki', format: 'pem' }) as string });
const saved = { CHANNEL_SECRETS: process.env.CHANNEL_SECRETS, SANDBOX_PAYMENT_URL: process.env.SANDBOX_PAYMENT_URL, SANDBOX_FACE_URL: process.env.SANDBOX_FACE_URL, SANDBOX_PUSH_URL: process.env.SANDBOX_PUSH_URL, STAGE: process.env.STAGE };

beforeAll(() => {
  // Read once by providers/channelSecrets.ts, on first use.
  process.env.CHANNEL_SECRETS = JSON.stringify({
    'pay-wx': {
      wechatPayMchId: '1230000109',
      wechatPayPrivateKey: pem(merchant).privateKey,
      wechatPaySerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      wechatPayApiV3Key: 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6',
      wechatPayPublicKey: pem(wechatPay).publicKey,
      wechatPayPublicKeyId: 'PUB_KEY_ID_0112300001092025070100000000000',
    },
    'pay-ali': { alipayPrivateKey: pem(alipay).privateKey, alipayPublicKey: pem(alipay).publicKey },
  });
  process.env.SANDBOX_PAYMENT_URL = 'http://127.0.0.1:9';
  // No provider's cloud is reached: every request fails as an unreachable network would.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed')));
});
afterEach(() => {
  delete process.env.ESSC_SANDBOX_ADAPTERS;
});
afterAll(() => {
  vi.unstubAllGlobals();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const channels: Record<'wechat' | 'alipay' | 'sandbox', PaymentChannel> = {
  wechat: { id: 'pay-wx', login: 'wechat', appId: 'wxd678efh567hg6787' },
  alipay: { id: 'pay-ali', login: 'alipay', appId: '2021004100000001' },
  sandbox: { id: 'pay-sandbox', login: 'sandbox' },
};
const ref = { outTradeNo: 'pay20250701000001', providerRef: 'ref-1' };
const input = paymentInput({
  payer: { name: '王小明', idNumber: '110101199003071234', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  notifyUrl: 'https://essc.example.cn/v1/payments/x/notifications',
  expiresAt: new Date('2026-12-04T12:00:00Z'),
});

describe('paymentRegistry', () => {
  it('sends every operation to the channel’s own provider', async () => {
    for (const [name, channel] of Object.entries(channels)) {
      const client = await paymentClientFor(channel);
      const refused = { name: 'PaymentProviderError', provider: name };
      await expect(createPayment(client, input), `${name} create`).rejects.toMatchObject(refused);
      await expect(queryPayment(client, ref), `${name} query`).rejects.toMatchObject(refused);
      await expect(closePayment(client, ref), `${name} close`).rejects.toMatchObject(refused);
      await expect(refundPayment(client, { ...ref, outRefundNo: 'rf_1', refundFen: 100, paidFen: 1000, reason: '退费' }), `${name} refund`).rejects.toMatchObject(refused);
      await expect(verifyPaymentNotification(client, {}, 'not a notification'), `${name} notification`).rejects.toMatchObject(refused);
    }
  });

  it('a build without the sandbox adapters builds none: the payer, the face provider and the push recorder are a ConfigError, the login refuses every code', async () => {
    process.env.ESSC_SANDBOX_ADAPTERS = 'left-out';
    process.env.STAGE = 'test';
    process.env.SANDBOX_FACE_URL = 'http://127.0.0.1:9';
    process.env.SANDBOX_PUSH_URL = 'http://127.0.0.1:9';
    // Channels not built before (the registries cache a provider per channel).
    await expect(paymentClientFor({ id: 'deployed-sandbox', login: 'sandbox' })).rejects.toBeInstanceOf(ConfigError);
    await expect(faceProviderFor({ id: 'deployed-sandbox', faceProvider: 'sandbox' })).rejects.toBeInstanceOf(ConfigError);
    await expect(pushProviderFor({ id: 'deployed-sandbox', login: 'sandbox' })).rejects.toBeInstanceOf(ConfigError);
    const login = await platformLoginFor({ id: 'deployed-sandbox', login: 'sandbox' });
    await expect(login.exchange('sandbox:anyone')).rejects.toBeInstanceOf(LoginCodeRejected);
    // The same channels where the adapters are built in.
    delete process.env.ESSC_SANDBOX_ADAPTERS;
    expect(await (await platformLoginFor({ id: 'local-sandbox', login: 'sandbox' })).exchange('sandbox:anyone')).toEqual({ openid: 'anyone' });
    expect((await faceProviderFor({ id: 'local-sandbox', faceProvider: 'sandbox' })).name).toBe('sandbox');
  });
});
