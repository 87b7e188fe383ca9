import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlipayPaymentProvider, fenToYuan } from '../../../../functions/providers/alipay/payment.js';
import { alipaySignContent, signRsa2 } from '../../../../functions/providers/alipay/gateway.js';
import { PaymentProviderError, type CreatePaymentInput, type HttpFetch } from '../../../../functions/providers/payment.js';
import { fakeFetch, loadFixture, type Call } from '../../support/fakeFetch.js';
import { alipay, appKeys, appSignatureValid, paramsOf, signed } from './kit.js';
import { paymentInput, paymentOperations } from '../../support/paymentOperations.js';

const fx = loadFixture('alipay-trade.json');

const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });

const APP_ID = '2021004100000001';
const NOW = new Date('2025-06-30T16:00:00Z'); // 2025-07-01 00:00:00 in China
const TRADE_NO = fx.create.responses.success.trade_no as string;
const payer = { name: '王小明', idNumber: '110101199003071234', openid: '2088102146225135' };

/** alipay.trade.create's documented success, for our out_trade_no. */
const createdAnswer = (): Response =>
  signed(fx.create.responseKey, { ...fx.create.responses.success, out_trade_no: 'pay20250701000001' });
const answer = (section: { responseKey: string; responses: Record<string, unknown> }, name: string): Response =>
  signed(section.responseKey, section.responses[name]);

const bizOf = (call: Call): Record<string, unknown> => JSON.parse(paramsOf(call).biz_content!);

/** The adapter's client, and its operations as providers/paymentRegistry.ts dispatches them. */
function provider(fetch: HttpFetch) {
  const client = new AlipayPaymentProvider({
    appId: APP_ID,
    ...appKeys,
    fetch,
    now: () => NOW,
  });
  return paymentOperations(client);
}

/** A pharmacy's order, its insurance part without the family account. */
function input(extra: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  const institution = { id: 'P53010000001', name: '演示药房', regionCode: '530100' };
  const insurance = { pooledFund: 6000, personalAccount: 1855, familyAccount: 0 };
  const notifyUrl = 'https://essc.example.cn/v1/payments/alipay/notifications';
  return paymentInput({ cashFen: 12345, insurance, orderKind: 'pharmacy', description: '演示药房 门诊缴费', institution, payer, notifyUrl, ...extra });
}

function expectNoPersonalData(err: unknown): void {
  expect(err).toBeInstanceOf(PaymentProviderError);
  expect((err as PaymentProviderError).provider).toBe('alipay');
  const text = `${(err as Error).message} ${String((err as Error).stack)}`;
  expect(text).not.toContain(payer.name);
  expect(text).not.toContain(payer.idNumber);
}

describe('fenToYuan', () => {
  it('writes yuan with exactly two decimals', () => {
    expect([1, 10, 100, 12345, 100000000].map(fenToYuan)).toEqual(['0.01', '0.10', '1.00', '123.45', '1000000.00']);
  });
});

describe('AlipayPaymentProvider.create', () => {
  it('calls alipay.trade.create (JSAPI_PAY) with the documented biz_content, notify_url public, signed RSA2, and hands off tradeNO', async () => {
    const { fetch, calls } = fakeFetch(createdAnswer());
    const created = await provider(fetch).create(input());

    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.init.method).toBe('POST');
    const url = new URL(call.url);
    expect(`${url.origin}${url.pathname}`).toBe(fx.gateway);
    expect(url.searchParams.get('notify_url')).toBe('https://essc.example.cn/v1/payments/alipay/notifications');
    const params = paramsOf(call);
    expect(Object.keys(params).sort()).toEqual([...fx.publicParams].sort());
    expect(params).toMatchObject({ app_id: APP_ID, method: 'alipay.trade.create', sign_type: 'RSA2', timestamp: '2025-07-01 00:00:00' });
    expect(appSignatureValid(params)).toBe(true);
    expect(bizOf(call)).toEqual({
      out_trade_no: 'pay20250701000001',
      total_amount: '123.45',
      subject: '演示药房 门诊缴费',
      product_code: 'JSAPI_PAY',
      buyer_id: '2088102146225135',
      op_app_id: APP_ID,
      time_expire: '2025-07-01 00:30:00',
    });
    for (const key of Object.keys(bizOf(call))) {
      expect(key === 'buyer_id' || Object.hasOwn(fx.create.bizContent, key)).toBe(true);
    }
    // the payer's identity is Alipay's business, not the request's
    expect(String(call.init.body)).not.toContain(encodeURIComponent(payer.name));
    expect(String(call.init.body)).not.toContain(payer.idNumber);

    expect(created).toEqual({ providerRef: TRADE_NO, handoff: { tradeNO: TRADE_NO } });
  });

  it('sends an open_id as buyer_open_id, and strips / = & from the subject', async () => {
    const { fetch, calls } = fakeFetch(createdAnswer());
    const openId = fx.create.bizContent.buyer_open_id as string;
    await provider(fetch).create(input({ payer: { ...payer, openid: openId }, description: '药房/门诊=缴费&结算' }));
    const biz = bizOf(calls[0]!);
    expect(biz.buyer_open_id).toBe(openId);
    expect(biz).not.toHaveProperty('buyer_id');
    expect(biz.subject).toBe('药房 门诊 缴费 结算');
  });

  it.each([
    ['without a buyer', input({ payer: { name: payer.name, idNumber: payer.idNumber } })],
    ['without a cash part', input({ cashFen: 0 })],
    ['with fractional fen', input({ cashFen: 1.5 })],
  ])('refuses before any request %s', async (_what, bad) => {
    const { fetch, calls } = fakeFetch();
    expectNoPersonalData(await provider(fetch).create(bad).catch((e: unknown) => e));
    expect(calls).toHaveLength(0);
  });

  it('refuses an answer for another out_trade_no, or without a trade_no', async () => {
    await expect(provider(fakeFetch(answer(fx.create, 'success')).fetch).create(input())).rejects.toThrow(/another order/);
    const noTrade = signed(fx.create.responseKey, { code: '10000', msg: 'Success', out_trade_no: 'pay20250701000001' });
    await expect(provider(fakeFetch(noTrade).fetch).create(input())).rejects.toThrow(/trade_no/);
  });

  it('throws naming the codes, without personal data, on an error node', async () => {
    const err = await provider(fakeFetch(answer(fx.create, 'buyerMismatch')).fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(err);
    expect((err as Error).message).toContain('ACQ.BUYER_NOT_EXIST');
  });

  it('refuses an answer signed by another key, an unsigned one, a 5xx and an unreachable gateway', async () => {
    const mine = { ...fx.create.responses.success, out_trade_no: 'pay20250701000001' };
    const forged = signed(fx.create.responseKey, mine, forger.privateKey);
    await expect(provider(fakeFetch(forged).fetch).create(input())).rejects.toThrow(/signature/);
    const unsigned = new Response(JSON.stringify({ [fx.create.responseKey]: mine }));
    await expect(provider(fakeFetch(unsigned).fetch).create(input())).rejects.toThrow(/not signed/);
    const down = await provider(fakeFetch(new Response('', { status: 502 })).fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(down);
    expect((down as Error).message).toMatch(/HTTP 502/);
    const boom = new TypeError('fetch failed');
    const lost = await provider(fakeFetch(boom).fetch).create(input()).catch((e: unknown) => e);
    expectNoPersonalData(lost);
    expect(((lost as Error).cause as Error).cause).toBe(boom);
  });
});

describe('AlipayPaymentProvider.query', () => {
  const ref = { outTradeNo: 'pay20250701000001', providerRef: TRADE_NO };

  it('queries by out_trade_no and reads a paid trade with send_pay_date (China time) as ISO', async () => {
    const { fetch, calls } = fakeFetch(answer(fx.query, 'success'));
    expect(await provider(fetch).query(ref)).toEqual({ status: 'paid', paidAt: '2014-11-27T07:45:57.000Z' });
    const params = paramsOf(calls[0]!);
    expect(params.method).toBe('alipay.trade.query');
    expect(bizOf(calls[0]!)).toEqual({ out_trade_no: 'pay20250701000001' });
    expect(Object.keys(bizOf(calls[0]!))).toEqual(Object.keys(fx.query.bizContent));
    expect(appSignatureValid(params)).toBe(true);
  });

  it.each([
    ['finished', { status: 'paid', paidAt: '2014-11-27T07:45:57.000Z' }],
    ['waiting', { status: 'pending' }],
    ['closed', { status: 'failed', reason: 'closed' }],
    ['notExist', { status: 'pending' }],
  ])('maps the %s answer', async (name, outcome) => {
    expect(await provider(fakeFetch(answer(fx.query, name)).fetch).query(ref)).toEqual(outcome);
  });

  it('throws on another error and on an unknown trade_status', async () => {
    await expect(provider(fakeFetch(answer(fx.query, 'systemError')).fetch).query(ref)).rejects.toThrow(/ACQ.SYSTEM_ERROR/);
    const odd = signed(fx.query.responseKey, { ...fx.query.responses.success, trade_status: 'TRADE_PENDING' });
    await expect(provider(fakeFetch(odd).fetch).query(ref)).rejects.toThrow(/unknown trade_status/);
  });
});

describe('AlipayPaymentProvider.close', () => {
  const ref = { outTradeNo: 'pay20250701000001', providerRef: TRADE_NO };

  it('closes by out_trade_no', async () => {
    const { fetch, calls } = fakeFetch(answer(fx.close, 'success'));
    expect(await provider(fetch).close(ref)).toBe(true);
    expect(paramsOf(calls[0]!).method).toBe('alipay.trade.close');
    expect(bizOf(calls[0]!)).toEqual({ out_trade_no: 'pay20250701000001' });
    expect(appSignatureValid(paramsOf(calls[0]!))).toBe(true);
  });

  it('is true for a trade that does not exist, without asking further', async () => {
    const { fetch, calls } = fakeFetch(answer(fx.close, 'notExist'));
    expect(await provider(fetch).close(ref)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('checks a TRADE_STATUS_ERROR with a query: paid → false, closed → true, waiting → throws', async () => {
    const paid = fakeFetch(answer(fx.close, 'statusError'), answer(fx.query, 'success'));
    expect(await provider(paid.fetch).close(ref)).toBe(false);
    expect(paramsOf(paid.calls[1]!).method).toBe('alipay.trade.query');
    expect(await provider(fakeFetch(answer(fx.close, 'statusError'), answer(fx.query, 'closed')).fetch).close(ref)).toBe(true);
    await expect(
      provider(fakeFetch(answer(fx.close, 'statusError'), answer(fx.query, 'waiting')).fetch).close(ref),
    ).rejects.toThrow(/ACQ.TRADE_STATUS_ERROR/);
  });

  it('throws on another refusal, and on an unsigned error node', async () => {
    await expect(provider(fakeFetch(answer(fx.close, 'invalidParameter')).fetch).close(ref)).rejects.toThrow(/ACQ.INVALID_PARAMETER/);
    const unsigned = new Response(JSON.stringify({ [fx.close.responseKey]: fx.close.responses.notExist }));
    await expect(provider(fakeFetch(unsigned).fetch).close(ref)).rejects.toThrow(/not signed/);
  });
});

describe('AlipayPaymentProvider.refund', () => {
  const refund = { outTradeNo: 'pay20250701000001', providerRef: TRADE_NO, outRefundNo: 'rf20250701000001', refundFen: 2012, paidFen: 12345, reason: '患者退药' };

  it('refunds in yuan with out_request_no and succeeds when fund_change is Y', async () => {
    const { fetch, calls } = fakeFetch(answer(fx.refund, 'fundChanged'));
    expect(await provider(fetch).refund(refund)).toEqual({ status: 'succeeded' });
    expect(calls).toHaveLength(1);
    expect(paramsOf(calls[0]!).method).toBe('alipay.trade.refund');
    expect(bizOf(calls[0]!)).toEqual({
      out_trade_no: 'pay20250701000001',
      refund_amount: '20.12',
      out_request_no: 'rf20250701000001',
      refund_reason: '患者退药',
    });
    expect(Object.keys(bizOf(calls[0]!)).sort()).toEqual(Object.keys(fx.refund.bizContent).sort());
    expect(appSignatureValid(paramsOf(calls[0]!))).toBe(true);
  });

  it('asks fastpay.refund.query when fund_change is N: REFUND_SUCCESS → succeeded, otherwise processing', async () => {
    const done = fakeFetch(answer(fx.refund, 'noFundChange'), answer(fx.refundQuery, 'success'));
    expect(await provider(done.fetch).refund(refund)).toEqual({ status: 'succeeded' });
    expect(paramsOf(done.calls[1]!).method).toBe('alipay.trade.fastpay.refund.query');
    expect(bizOf(done.calls[1]!)).toEqual({ out_trade_no: 'pay20250701000001', out_request_no: 'rf20250701000001' });
    const notYet = fakeFetch(answer(fx.refund, 'noFundChange'), answer(fx.refundQuery, 'notYet'));
    expect(await provider(notYet.fetch).refund(refund)).toEqual({ status: 'processing' });
    const lost = fakeFetch(answer(fx.refund, 'noFundChange'), new TypeError('fetch failed'));
    expect(await provider(lost.fetch).refund(refund)).toEqual({ status: 'processing' });
  });

  it('fails with the sub_code on a business refusal, but throws when Alipay cannot tell (ACQ.SYSTEM_ERROR)', async () => {
    expect(await provider(fakeFetch(answer(fx.refund, 'balanceNotEnough')).fetch).refund(refund)).toEqual({
      status: 'failed',
      reason: 'ACQ.SELLER_BALANCE_NOT_ENOUGH',
    });
    await expect(provider(fakeFetch(answer(fx.refund, 'systemError')).fetch).refund(refund)).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it('refuses an amount beyond what was paid, before any request', async () => {
    const { fetch, calls } = fakeFetch();
    await expect(provider(fetch).refund({ ...refund, refundFen: 12346 })).rejects.toBeInstanceOf(PaymentProviderError);
    expect(calls).toHaveLength(0);
  });
});

describe('AlipayPaymentProvider.verifyNotification', () => {
  const documented: Record<string, string> = { ...fx.notification.params, app_id: APP_ID };
  const { sign: _docSign, ...unsignedParams } = documented;

  /** A notification body as Alipay posts it: the params, form-encoded, sign over all but sign / sign_type. */
  function notificationBody(params: Record<string, string>, signer: KeyObject = alipay.privateKey, content?: string): string {
    const { sign_type: _t, ...signedParams } = params;
    const sign = signRsa2(content ?? alipaySignContent(signedParams), signer);
    return new URLSearchParams({ ...params, sign }).toString();
  }

  it('builds the documented string to verify from the documented params', () => {
    const { sign: _s, sign_type: _t, ...rest } = fx.notification.params as Record<string, string>;
    expect(alipaySignContent(rest)).toBe(fx.notification.signContent);
  });

  it('accepts a correctly signed notification (URL-decoded values, sign_type left out) and reads out_trade_no', async () => {
    const body = notificationBody(unsignedParams);
    expect(body).toContain('notify_time=2016-07-19+14%3A10%3A49'); // form-encoded, as posted
    expect(await provider(fakeFetch().fetch).verifyNotification({}, body)).toEqual({ outTradeNo: '0719141034-6418' });
  });

  it('rejects a forged sign, a tampered value, and a sign that covered sign_type', async () => {
    const p = provider(fakeFetch().fetch);
    await expect(p.verifyNotification({}, notificationBody(unsignedParams, forger.privateKey))).rejects.toThrow(/signature/);
    const tampered = new URLSearchParams(notificationBody(unsignedParams));
    tampered.set('total_amount', '2000.00');
    await expect(p.verifyNotification({}, tampered.toString())).rejects.toThrow(/signature/);
    const withSignType = notificationBody(unsignedParams, alipay.privateKey, alipaySignContent(unsignedParams));
    await expect(p.verifyNotification({}, withSignType)).rejects.toThrow(/signature/);
  });

  it('rejects a correctly signed notification for another app_id', async () => {
    const body = notificationBody({ ...unsignedParams, app_id: '2015102700040153' });
    await expect(provider(fakeFetch().fetch).verifyNotification({}, body)).rejects.toThrow(/another app/);
  });

  it('rejects an unsigned notification, an RSA (SHA-1) one, and one without out_trade_no', async () => {
    const p = provider(fakeFetch().fetch);
    await expect(p.verifyNotification({}, new URLSearchParams(unsignedParams).toString())).rejects.toThrow(/not signed/);
    await expect(p.verifyNotification({}, notificationBody({ ...unsignedParams, sign_type: 'RSA' }))).rejects.toThrow(/RSA2/);
    const { out_trade_no: _o, ...noOrder } = unsignedParams;
    await expect(p.verifyNotification({}, notificationBody(noOrder))).rejects.toThrow(/out_trade_no/);
  });
});
