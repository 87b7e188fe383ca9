import {
  constants,
  createCipheriv,
  createHash,
  createSign,
  createVerify,
  generateKeyPairSync,
  privateDecrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PaymentProviderError, type CreatePaymentInput, type HttpFetch } from '../../../../functions/providers/payment.js';
import { WechatMedInsPaymentProvider, wechatIdDigest } from '../../../../functions/providers/wechat/payment.js';
import { fakeFetch, loadFixture, type Call } from '../../support/fakeFetch.js';
import { paymentInput, paymentOperations } from '../../support/paymentOperations.js';

const fx = loadFixture('wechat-medins-order.json');

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const wechatPay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });

const MCH_ID = '1230000109';
const APP_ID = 'wxd678efh567hg6787';
const MERCHANT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PUBLIC_KEY_ID = 'PUB_KEY_ID_0112300001092025070100000000000';
const API_V3_KEY = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
const NOW = new Date('2025-06-30T16:00:00Z'); // 2025-07-01 00:00:00 in China
const NOW_S = NOW.getTime() / 1000;
const MIX_TRADE_NO = fx.medInsOrder.response.mix_trade_no as string;
const PREPAY_ID = fx.jsapi.response.prepay_id as string;

const payer = { name: '王小明', idNumber: '11010119900307123x', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' };

/** The adapter's client, and its operations as providers/paymentRegistry.ts dispatches them. */
function provider(fetch: HttpFetch) {
  const client = new WechatMedInsPaymentProvider({
    mchId: MCH_ID,
    appId: APP_ID,
    merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    merchantSerialNo: MERCHANT_SERIAL,
    apiV3Key: API_V3_KEY,
    wechatPayPublicKey: wechatPay.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    wechatPayPublicKeyId: PUBLIC_KEY_ID,
    fetch,
    now: () => NOW,
  });
  return paymentOperations(client);
}

function input(extra: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  return paymentInput({ payer, notifyUrl: 'https://essc.example.cn/v1/payments/wechat/notifications', ...extra });
}

interface SignOptions {
  status?: number;
  serial?: string;
  timestamp?: number;
  signer?: KeyObject;
  nonce?: string;
}

/** The Wechatpay-* headers WeChat Pay puts on an answer or a notification with this body. */
function signatureHeaders(body: string, o: SignOptions = {}): Record<string, string> {
  const timestamp = String(o.timestamp ?? NOW_S);
  const nonce = o.nonce ?? 'fdasflkja484w';
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(o.signer ?? wechatPay.privateKey, 'base64');
  return {
    'Wechatpay-Serial': o.serial ?? PUBLIC_KEY_ID,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
  };
}

/** A 2xx answer as WeChat Pay sends it: JSON (or nothing) and its signature headers. */
function signed(body: unknown, o: SignOptions = {}): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Response(text === '' ? null : text, {
    status: o.status ?? (body === undefined ? 204 : 200),
    headers: { 'content-type': 'application/json', ...signatureHeaders(text, o) },
  });
}

const apiError = (e: { status: number; body: unknown }): Response =>
  new Response(JSON.stringify(e.body), { status: e.status, headers: { 'content-type': 'application/json' } });

/** Checks the request's Authorization header against the merchant public key; returns its params. */
function authorization(call: Call): Record<string, string> {
  const header = new Headers(call.init.headers).get('authorization')!;
  expect(header.startsWith(`${fx.authorizationScheme} `)).toBe(true);
  const params = Object.fromEntries(
    [...header.slice(fx.authorizationScheme.length + 1).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  expect(Object.keys(params).sort()).toEqual([...fx.authorizationParams].sort());
  const url = new URL(call.url);
  const message = `${call.init.method}\n${url.pathname}${url.search}\n${params.timestamp}\n${params.nonce_str}\n${call.init.body ?? ''}\n`;
  expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, params.signature!, 'base64')).toBe(true);
  return params as Record<string, string>;
}

const oaepDecrypt = (b64: string): string =>
  privateDecrypt({ key: wechatPay.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(b64, 'base64')).toString('utf8');

const bodyOf = (call: Call): Record<string, any> => JSON.parse(String(call.init.body));

function expectNoPersonalData(err: unknown): void {
  expect(err).toBeInstanceOf(PaymentProviderError);
  expect((err as PaymentProviderError).provider).toBe('wechat');
  const text = `${(err as Error).message} ${String((err as Error).stack)} ${String((err as Error).cause)}`;
  expect(text).not.toContain(payer.name);
  expect(text).not.toContain(payer.idNumber);
  expect(text.toUpperCase()).not.toContain(payer.idNumber.toUpperCase());
}

const created = () => [signed(fx.jsapi.response), signed(fx.medInsOrder.response)];

describe('wechatIdDigest', () => {
  it('reproduces the documented example (letter upper-cased, lowercase hex MD5)', () => {
    expect(wechatIdDigest(fx.idDigestExample.idNumber)).toBe(fx.idDigestExample.id_digest);
    expect(wechatIdDigest(fx.idDigestExample.idNumber.toUpperCase())).toBe(fx.idDigestExample.id_digest);
  });

  it('widens a 15-digit number to 18 digits (19YY and the check character) first', () => {
    expect(wechatIdDigest('110105491231002')).toBe(createHash('md5').update('11010519491231002X').digest('hex'));
    expect(wechatIdDigest('110105491231002')).toBe(wechatIdDigest('11010519491231002x'));
  });
});

describe('WechatMedInsPaymentProvider.create', () => {
  it('creates the JSAPI cash order, then the mixed order, signed APIv3, and hands off requestMedicalInsurancePay fields', async () => {
    const { fetch, calls } = fakeFetch(...created());
    const result = await provider(fetch).create(input());
    expect(calls).toHaveLength(2);

    const [jsapi, mixed] = calls as [Call, Call];
    expect(jsapi.init.method).toBe('POST');
    expect(jsapi.url).toBe(`${fx.apiBase}${fx.jsapi.path}`);
    for (const call of calls) {
      const headers = new Headers(call.init.headers);
      expect(headers.get('accept')).toBe('application/json');
      expect(headers.get('content-type')).toBe('application/json');
      expect(headers.get('wechatpay-serial')).toBe(PUBLIC_KEY_ID);
      const auth = authorization(call);
      expect(auth).toMatchObject({ mchid: MCH_ID, serial_no: MERCHANT_SERIAL, timestamp: String(NOW_S) });
      expect(auth.nonce_str).toMatch(/^[0-9A-Z]{32}$/);
    }
    expect(bodyOf(jsapi)).toEqual({
      appid: APP_ID,
      mchid: MCH_ID,
      description: '演示医院 门诊缴费',
      out_trade_no: 'pay20250701000001',
      time_expire: '2025-07-01T00:30:00+08:00',
      notify_url: 'https://essc.example.cn/v1/payments/wechat/notifications',
      amount: { total: 4200, currency: 'CNY' },
      payer: { openid: payer.openid },
    });
    for (const key of Object.keys(bodyOf(jsapi))) expect(fx.jsapi.request).toHaveProperty(key);

    expect(mixed.init.method).toBe('POST');
    expect(mixed.url).toBe(`${fx.apiBase}${fx.medInsOrder.path}`);
    const order = bodyOf(mixed);
    const { payer: encrypted, ...plain } = order;
    expect(plain).toEqual({
      mix_pay_type: 'CASH_AND_INSURANCE',
      order_type: 'DIAG_PAY',
      appid: APP_ID,
      openid: payer.openid,
      out_trade_no: 'pay20250701000001',
      serial_no: 'pay20250701000001',
      pay_order_id: 'ORDpay20250701000001',
      pay_auth_no: 'AUTHpay20250701000001',
      city_id: '530100',
      med_inst_name: '演示医院',
      med_inst_no: 'H53010000001',
      med_ins_order_create_time: '2025-07-01T00:00:00+08:00',
      total_fee: 20200,
      med_ins_gov_fee: 10000,
      med_ins_self_fee: 5000,
      med_ins_other_fee: 1000,
      med_ins_cash_fee: 4200,
      wechat_pay_cash_fee: 4200,
      callback_url: 'https://essc.example.cn/v1/payments/wechat/notifications',
      prepay_id: PREPAY_ID,
    });
    for (const key of Object.keys(order)) expect(fx.medInsOrder.request).toHaveProperty(key);
    expect(encrypted.card_type).toBe('ID_CARD');
    expect(oaepDecrypt(encrypted.name)).toBe(payer.name);
    expect(oaepDecrypt(encrypted.id_digest)).toBe(createHash('md5').update(payer.idNumber.toUpperCase()).digest('hex'));
    // the payer's name and ID number never travel in clear
    for (const call of calls) {
      expect(String(call.init.body)).not.toContain(payer.name);
      expect(String(call.init.body).toUpperCase()).not.toContain(payer.idNumber.toUpperCase());
    }

    expect(result.providerRef).toBe(MIX_TRADE_NO);
    expect(Object.keys(result.handoff).sort()).toEqual([...fx.requestMedicalInsurancePay.fields].sort());
    expect(result.handoff).toMatchObject({
      mixTradeNo: MIX_TRADE_NO,
      timeStamp: String(NOW_S),
      package: `prepay_id=${PREPAY_ID}`,
      signType: 'RSA',
    });
    expect(result.handoff.nonceStr).toMatch(/^[0-9A-Z]{32}$/);
    const { timeStamp, nonceStr, package: pkg, paySign } = result.handoff;
    expect(
      createVerify('RSA-SHA256').update(`${APP_ID}\n${timeStamp}\n${nonceStr}\n${pkg}\n`).verify(merchant.publicKey, paySign!, 'base64'),
    ).toBe(true);
  });

  it('creates a CASH_ONLY order, without the insurance order fields, when essc settled no insurance part', async () => {
    const { fetch, calls } = fakeFetch(...created());
    await provider(fetch).create(
      input({ totalFen: 4200, insurance: { pooledFund: 0, personalAccount: 0, familyAccount: 0 } }),
    );
    const order = bodyOf(calls[1]!);
    expect(order.mix_pay_type).toBe('CASH_ONLY');
    for (const key of fx.medInsOrder.cashOnlyForbidden) expect(order).not.toHaveProperty(key);
    expect(order).toMatchObject({ total_fee: 4200, med_ins_gov_fee: 0, med_ins_self_fee: 0, med_ins_other_fee: 0, wechat_pay_cash_fee: 4200 });
  });

  it.each([
    ['registration', 'REG_PAY'],
    ['outpatient', 'DIAG_PAY'],
    ['inpatient', 'IN_HOSP_PAY'],
    ['pharmacy', 'PHARMACY_PAY'],
  ] as const)('maps order kind %s to order_type %s', async (orderKind, orderType) => {
    const { fetch, calls } = fakeFetch(...created());
    await provider(fetch).create(input({ orderKind }));
    expect(bodyOf(calls[1]!).order_type).toBe(orderType);
  });

  it('hashes an out_trade_no longer than serial_no allows into 20 hex digits', async () => {
    const outTradeNo = 'pay2025070100000000000000000001'; // 31 characters
    const { fetch, calls } = fakeFetch(...created());
    await provider(fetch).create(input({ outTradeNo }));
    expect(bodyOf(calls[1]!).serial_no).toBe(createHash('sha256').update(outTradeNo).digest('hex').slice(0, 20));
  });

  it.each([
    ['without an openid', input({ payer: { name: payer.name, idNumber: payer.idNumber } })],
    ['without a notify URL', input({ notifyUrl: undefined })],
    ['when the parts do not add up to the total', input({ totalFen: 20201 })],
    ['without a cash part', input({ cashFen: 0, totalFen: 16000 })],
    ['with fractional fen', input({ cashFen: 4200.5, totalFen: 20200.5 })],
    ['with an out_trade_no WeChat refuses', input({ outTradeNo: 'pay/1' })],
  ])('refuses before any request %s', async (_what, bad) => {
    const { fetch, calls } = fakeFetch();
    const err = await provider(fetch).create(bad).catch((e: unknown) => e);
    expectNoPersonalData(err);
    expect(calls).toHaveLength(0);
  });

  it('throws without personal data, naming the code, when the JSAPI order is refused, and creates no mixed order', async () => {
    const { fetch, calls } = fakeFetch(apiError(fx.errors.paramError));
    const err = await provider(fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(err);
    expect((err as Error).message).toMatch(/HTTP 400 \(PARAM_ERROR\)/);
    expect(calls).toHaveLength(1);
  });

  it('throws without personal data when the mixed order answers 5xx', async () => {
    const { fetch } = fakeFetch(signed(fx.jsapi.response), apiError(fx.errors.systemError));
    const err = await provider(fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(err);
    expect((err as Error).message).toMatch(/mixed order answered HTTP 500 \(SYSTEM_ERROR\)/);
  });

  it('wraps an unreachable API with its cause', async () => {
    const boom = new TypeError('fetch failed');
    const err = await provider(fakeFetch(boom).fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(err);
    expect((err as Error).cause).toBe(boom);
  });

  it.each([
    ['signed by another key', () => signed(fx.jsapi.response, { signer: forger.privateKey })],
    ['signed with another serial', () => signed(fx.jsapi.response, { serial: 'PUB_KEY_ID_OTHER' })],
    ['signed too long ago', () => signed(fx.jsapi.response, { timestamp: NOW_S - 301 })],
    ['not signed', () => new Response(JSON.stringify(fx.jsapi.response), { status: 200 })],
    ['tampered after signing', () => {
      const genuine = signatureHeaders(JSON.stringify(fx.jsapi.response));
      return new Response(JSON.stringify({ prepay_id: 'wx_forged' }), { status: 200, headers: genuine });
    }],
  ])('refuses a 2xx answer %s', async (_what, answer) => {
    const { fetch, calls } = fakeFetch(answer());
    const err = await provider(fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(err);
    expect((err as Error).message).toMatch(/signed|signature|timestamp/);
    expect(calls).toHaveLength(1);
  });

  it('throws when an answer lacks prepay_id or mix_trade_no', async () => {
    await expect(provider(fakeFetch(signed({})).fetch).create(input())).rejects.toThrow(/prepay_id/);
    await expect(provider(fakeFetch(signed(fx.jsapi.response), signed({})).fetch).create(input())).rejects.toThrow(/mix_trade_no/);
  });
});

describe('WechatMedInsPaymentProvider.query', () => {
  const ref = { outTradeNo: 'pay20250701000001', providerRef: MIX_TRADE_NO };

  it('GETs the mixed order by mix_trade_no, signed over an empty body, and reads paid with paid_time', async () => {
    const { fetch, calls } = fakeFetch(signed(fx.query.responses.success));
    expect(await provider(fetch).query(ref)).toEqual({ status: 'paid', paidAt: '2015-05-20T05:29:35.000Z' });
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.url).toBe(`${fx.apiBase}${fx.query.pathTemplate.replace('{mix_trade_no}', MIX_TRADE_NO)}`);
    expect(calls[0]!.init.body).toBeUndefined();
    expect(new Headers(calls[0]!.init.headers).get('accept')).toBe('application/json');
    authorization(calls[0]!);
  });

  it.each([
    ['created', { status: 'pending' }],
    ['refund', { status: 'paid', paidAt: '2015-05-20T05:29:35.000Z' }],
    ['fail', { status: 'failed', reason: 'pay_failed' }],
  ])('maps the %s answer', async (name, outcome) => {
    const { fetch } = fakeFetch(signed(fx.query.responses[name]));
    expect(await provider(fetch).query(ref)).toEqual(outcome);
  });

  it('throws on an unknown status, an answer for another order, and a 404', async () => {
    await expect(provider(fakeFetch(signed(fx.query.responses.unknown)).fetch).query(ref)).rejects.toThrow(/unknown mix_pay_status/);
    const other = { ...fx.query.responses.success, mix_trade_no: 'another' };
    await expect(provider(fakeFetch(signed(other)).fetch).query(ref)).rejects.toThrow(/another order/);
    const notFound = apiError({ status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } });
    await expect(provider(fakeFetch(notFound).fetch).query(ref)).rejects.toBeInstanceOf(PaymentProviderError);
  });
});

describe('WechatMedInsPaymentProvider.close', () => {
  const ref = { outTradeNo: 'pay20250701000001', providerRef: MIX_TRADE_NO };

  it('closes the cash order by out_trade_no ({mchid}, 204) and confirms it was not paid', async () => {
    const { fetch, calls } = fakeFetch(signed(undefined), signed(fx.query.responses.created));
    expect(await provider(fetch).close(ref)).toBe(true);
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.url).toBe(`${fx.apiBase}${fx.close.pathTemplate.replace('{out_trade_no}', ref.outTradeNo)}`);
    expect(bodyOf(calls[0]!)).toEqual({ mchid: MCH_ID });
    authorization(calls[0]!);
    expect(calls[1]!.url).toContain(`/v3/med-ins/orders/mix-trade-no/${MIX_TRADE_NO}`);
  });

  it('is true when the order was closed already', async () => {
    const { fetch } = fakeFetch(apiError(fx.close.errors.orderClosed), signed(fx.query.responses.fail));
    expect(await provider(fetch).close(ref)).toBe(true);
  });

  it('is false when the order turns out paid, whether the close answered 204 or a refusal', async () => {
    expect(await provider(fakeFetch(signed(undefined), signed(fx.query.responses.success)).fetch).close(ref)).toBe(false);
    const refusal = apiError({ status: 400, body: { code: 'INVALID_REQUEST', message: '订单已支付' } });
    expect(await provider(fakeFetch(refusal, signed(fx.query.responses.success)).fetch).close(ref)).toBe(false);
  });

  it('throws on a refusal of an unpaid order, on a 5xx (without asking further), and on an unsigned 204', async () => {
    const refusal = apiError({ status: 403, body: { code: 'RULE_LIMIT', message: '业务规则限制' } });
    await expect(provider(fakeFetch(refusal, signed(fx.query.responses.created)).fetch).close(ref)).rejects.toThrow(/RULE_LIMIT/);
    const down = fakeFetch(apiError(fx.errors.systemError));
    await expect(provider(down.fetch).close(ref)).rejects.toThrow(/HTTP 500/);
    expect(down.calls).toHaveLength(1);
    await expect(provider(fakeFetch(new Response(null, { status: 204 })).fetch).close(ref)).rejects.toThrow(/not signed/);
  });
});

describe('WechatMedInsPaymentProvider.refund', () => {
  const refund = { outTradeNo: 'pay20250701000001', providerRef: MIX_TRADE_NO, outRefundNo: 'rf20250701000001', refundFen: 1200, paidFen: 4200, reason: '患者退号' };

  it('posts the documented refund body in fen and maps SUCCESS', async () => {
    const { fetch, calls } = fakeFetch(signed(fx.refund.response));
    expect(await provider(fetch).refund(refund)).toEqual({ status: 'succeeded' });
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.url).toBe(`${fx.apiBase}${fx.refund.path}`);
    expect(bodyOf(calls[0]!)).toEqual({
      out_trade_no: 'pay20250701000001',
      out_refund_no: 'rf20250701000001',
      reason: '患者退号',
      amount: { refund: 1200, total: 4200, currency: 'CNY' },
    });
    for (const key of Object.keys(bodyOf(calls[0]!))) expect(fx.refund.request).toHaveProperty(key);
    authorization(calls[0]!);
  });

  it.each([
    ['PROCESSING', { status: 'processing' }],
    ['ABNORMAL', { status: 'failed', reason: 'abnormal' }],
    ['CLOSED', { status: 'failed', reason: 'closed' }],
  ])('maps status %s', async (status, outcome) => {
    const { fetch } = fakeFetch(signed({ ...fx.refund.response, status }));
    expect(await provider(fetch).refund(refund)).toEqual(outcome);
  });

  it('throws on an unknown status, a 4xx, and an amount beyond what was paid (before any request)', async () => {
    await expect(provider(fakeFetch(signed({ ...fx.refund.response, status: 'WHATEVER' })).fetch).refund(refund)).rejects.toThrow(/unknown status/);
    const notEnough = apiError({ status: 403, body: { code: 'NOT_ENOUGH', message: '基本账户余额不足' } });
    await expect(provider(fakeFetch(notEnough).fetch).refund(refund)).rejects.toThrow(/NOT_ENOUGH/);
    const none = fakeFetch();
    await expect(provider(none.fetch).refund({ ...refund, refundFen: 4201 })).rejects.toBeInstanceOf(PaymentProviderError);
    expect(none.calls).toHaveLength(0);
  });
});

describe('WechatMedInsPaymentProvider.verifyNotification', () => {
  /** Seals a resource as WeChat Pay does: AES-256-GCM under the APIv3 key, tag appended. */
  function seal(plain: unknown, associatedData = 'transaction', nonce = randomBytes(6).toString('hex')) {
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(associatedData));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(plain)), cipher.final(), cipher.getAuthTag()]);
    return { algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), nonce, associated_data: associatedData };
  }

  function notification(resource: unknown, eventType = 'MEDICAL_INSURANCE.SUCCESS'): string {
    return JSON.stringify({ ...fx.notification.envelope, event_type: eventType, resource });
  }

  it('accepts the mixed order success notification and reads its out_trade_no', async () => {
    const body = notification(seal(fx.notification.medInsResource));
    const result = await provider(fakeFetch().fetch).verifyNotification(signatureHeaders(body), body);
    expect(result).toEqual({ outTradeNo: fx.notification.medInsResource.out_trade_no });
  });

  it('accepts the cash order notification too, with lower-case header names', async () => {
    const body = notification(seal(fx.notification.transactionResource), 'TRANSACTION.SUCCESS');
    const headers = Object.fromEntries(Object.entries(signatureHeaders(body)).map(([k, v]) => [k.toLowerCase(), v]));
    expect(await provider(fakeFetch().fetch).verifyNotification(headers, body)).toEqual({
      outTradeNo: fx.notification.transactionResource.out_trade_no,
    });
  });

  it.each([
    ['a forged signature', (body: string) => signatureHeaders(body, { signer: forger.privateKey })],
    ['a wrong serial', (body: string) => signatureHeaders(body, { serial: 'PUB_KEY_ID_OTHER' })],
    ['a stale timestamp', (body: string) => signatureHeaders(body, { timestamp: NOW_S - 301 })],
    ['a timestamp in the future', (body: string) => signatureHeaders(body, { timestamp: NOW_S + 301 })],
    ['a signature over another body', () => signatureHeaders(notification(seal({ out_trade_no: 'other' })))],
    ['no signature', (body: string) => ({ ...signatureHeaders(body), 'Wechatpay-Signature': undefined })],
    ['the probe signature', (body: string) => ({ ...signatureHeaders(body), 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/abc' })],
  ])('rejects %s', async (_what, headersFor) => {
    const body = notification(seal(fx.notification.medInsResource));
    const err = await provider(fakeFetch().fetch).verifyNotification(headersFor(body), body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
  });

  it('rejects a tampered ciphertext, a changed associated_data and a resource sealed with another key, though signed', async () => {
    const good = seal(fx.notification.medInsResource);
    const bytes = Buffer.from(good.ciphertext, 'base64');
    bytes[3] = bytes[3]! ^ 1;
    const otherKey = (() => {
      const cipher = createCipheriv('aes-256-gcm', Buffer.from('Z'.repeat(32)), Buffer.from(good.nonce));
      cipher.setAAD(Buffer.from(good.associated_data));
      const sealed = Buffer.concat([cipher.update(JSON.stringify(fx.notification.medInsResource)), cipher.final(), cipher.getAuthTag()]);
      return { ...good, ciphertext: sealed.toString('base64') };
    })();
    for (const resource of [
      { ...good, ciphertext: bytes.toString('base64') },
      { ...good, associated_data: 'refund' },
      otherKey,
      { ...good, algorithm: 'AES_128_CBC' },
    ]) {
      const body = notification(resource);
      await expect(provider(fakeFetch().fetch).verifyNotification(signatureHeaders(body), body)).rejects.toThrow(/resource/);
    }
  });

  it('rejects a signed, decryptable resource without out_trade_no', async () => {
    const { out_trade_no: _omit, ...rest } = fx.notification.medInsResource;
    const body = notification(seal(rest));
    await expect(provider(fakeFetch().fetch).verifyNotification(signatureHeaders(body), body)).rejects.toThrow(/out_trade_no/);
  });
});
