/**
 * WeChat Pay medical-insurance mixed order (医保自费混合收款, 移动医保支付 2.0), normal merchant
 * (普通商户), APIv3 at https://api.mch.weixin.qq.com, as WeChat Pay documents it:
 * - Cash part first: POST /v3/pay/transactions/jsapi {appid, mchid, description, out_trade_no,
 *   time_expire (RFC 3339 +08:00), notify_url, amount {total fen, currency}, payer {openid}} → {prepay_id}.
 * - Then POST /v3/med-ins/orders (fields as sent in create() below) → {mix_trade_no, mix_pay_status…}.
 *   Fees are integer fen, total_fee = gov + self + other + wechat_pay_cash_fee; CASH_ONLY orders must
 *   not carry pay_order_id / pay_auth_no / med_ins_order_create_time. payer.name and payer.id_digest
 *   are RSA-OAEP (SHA-1) encrypted with the WeChat Pay public key, base64, and Wechatpay-Serial names
 *   that key; id_digest = lowercase hex MD5 of the 18-digit ID number, its letter upper-cased.
 * - The mini-program calls wx.requestMedicalInsurancePay({mixTradeNo, timeStamp, nonceStr, package
 *   "prepay_id=…", signType "RSA", paySign}); paySign = base64 SHA256withRSA (merchant key) of
 *   `appId\ntimeStamp\nnonceStr\npackage\n` (mixTradeNo is not signed).
 * - GET /v3/med-ins/orders/mix-trade-no/{mix_trade_no} → mix_pay_status MIX_PAY_CREATED | _SUCCESS |
 *   _REFUND | _FAIL (UNKNOWN_* "需报错"), paid_time (RFC 3339).
 * - Close: POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close {mchid} → 204, or 400
 *   ORDER_CLOSED. Refund: POST /v3/refund/domestic/refunds {out_trade_no, out_refund_no, reason,
 *   amount {refund, total, currency}} → status SUCCESS | PROCESSING | CLOSED | ABNORMAL.
 * - Requests: Authorization: WECHATPAY2-SHA256-RSA2048 mchid,nonce_str,signature,timestamp,serial_no
 *   (merchant certificate), signature = base64 SHA256withRSA of `METHOD\nPATH?QUERY\nts\nnonce\nbody\n`.
 *   Errors are non-2xx {code, message}. Answers and notifications carry Wechatpay-Signature over
 *   `Wechatpay-Timestamp\nWechatpay-Nonce\nbody\n` and Wechatpay-Serial (the public key id).
 * - Notifications {event_type, resource {algorithm AEAD_AES_256_GCM, ciphertext, nonce,
 *   associated_data}}, ciphertext = base64(AES-256-GCM under the APIv3 key ‖ 16-byte tag); both
 *   TRANSACTION.SUCCESS (cash order) and MEDICAL_INSURANCE.SUCCESS (mixed order) carry out_trade_no.
 *
 * essc settles the insurance parts itself, so there is no bureau pay_order_id / pay_auth_no: they
 * are `ORD<out_trade_no>` / `AUTH<out_trade_no>`, and serial_no (≤ 20 chars) is out_trade_no, or the
 * first 20 hex digits of its SHA-256 when longer. One out_trade_no names the cash and the mixed
 * order. The insurance part's refund (POST /v3/med-ins/refunds/notify) is not this adapter's job.
 */
import { constants, createDecipheriv, createHash, createPrivateKey, createPublicKey, createSign, createVerify } from 'node:crypto';
import { publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { now as clockNow } from '../../core/clock.js';
import { PaymentProviderError, type CreatePaymentInput, type CreatedPayment, type HttpFetch } from '../payment.js';
import type { PaymentClient, PaymentOrderKind, PaymentOutcome, PaymentRef } from '../payment.js';
import type { RefundInput, RefundOutcome, VerifiedNotification } from '../payment.js';

export const WECHAT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';
/** How far a signed answer's or notification's timestamp may be from our clock, seconds. */
const MAX_SKEW_S = 300;

const REFUND_OUTCOMES = /* @__PURE__ */ new Map<unknown, RefundOutcome>([
  ['SUCCESS', { status: 'succeeded' }],
  ['PROCESSING', { status: 'processing' }],
  ['ABNORMAL', { status: 'failed', reason: 'abnormal' }],
  ['CLOSED', { status: 'failed', reason: 'closed' }],
]);

const ORDER_TYPES: Record<PaymentOrderKind, string> = {
  registration: 'REG_PAY', outpatient: 'DIAG_PAY', inpatient: 'IN_HOSP_PAY', pharmacy: 'PHARMACY_PAY',
};

export interface WechatMedInsPaymentProviderOptions {
  mchId: string;
  appId: string; // the mini-program's AppID, bound to mchId
  merchantPrivateKey: string | KeyObject; // merchant API certificate private key (apiclient_key.pem)
  merchantSerialNo: string; // serial number of that certificate
  apiV3Key: string; // APIv3 key, 32 characters: decrypts notifications
  wechatPayPublicKey: string | KeyObject; // verifies answers and notifications, encrypts the payer fields
  wechatPayPublicKeyId: string; // PUB_KEY_ID_…
  fetch?: HttpFetch;
  now?: () => Date;
  apiBase?: string; // defaults to https://api.mch.weixin.qq.com
  timeoutMs?: number;
}

/** A non-2xx answer of WeChat Pay, with its error code (PARAM_ERROR, ORDER_CLOSED…). */
export class WechatPayApiError extends PaymentProviderError {
  constructor(message: string, readonly status: number, readonly code: string | undefined) {
    super(message, 'wechat');
  }
}

/** RFC 3339 in China time, e.g. 2025-07-01T00:00:00+08:00. */
export function chinaRfc3339(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** payer.id_digest before encryption: MD5 (lowercase hex) of the upper-cased 18-digit ID number. */
export function wechatIdDigest(idNumber: string): string {
  let id = idNumber.trim().toUpperCase();
  if (/^\d{15}$/.test(id)) {
    // A first-generation number: its year is 19YY, and the 18th character is the GB 11643 check.
    const body = `${id.slice(0, 6)}19${id.slice(6)}`;
    const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * ID_WEIGHTS[i]!, 0);
    id = body + ID_CHECK_CHARS[sum % 11];
  }
  return createHash('md5').update(id, 'utf8').digest('hex');
}

const toPrivateKey = (key: string | KeyObject): KeyObject => (typeof key === 'string' ? createPrivateKey(key) : key);
const toPublicKey = (key: string | KeyObject): KeyObject => (typeof key === 'string' ? createPublicKey(key) : key);
const randomNonce = (): string => randomBytes(16).toString('hex').toUpperCase();
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const parseObject = (text: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(text);
  if (!isObject(value)) throw new TypeError('not a JSON object');
  return value;
};
const verifiesWith = (key: KeyObject, message: string, signature: string): boolean => {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
};
const fail = (message: string, cause?: unknown): PaymentProviderError =>
  new PaymentProviderError(message, 'wechat', cause === undefined ? undefined : { cause });

type Answer = { status: number; data: Record<string, unknown> | undefined };

/**
 * A merchant's WeChat Pay APIv3 client: its keys and signed requests. The operations (create,
 * query, close, refund, a notification's check) are the functions below the class, so that a
 * Lambda bundles only the operations it calls (providers/paymentRegistry.ts dispatches them).
 */
export class WechatMedInsPaymentProvider implements PaymentClient {
  readonly name = 'wechat' as const;
  readonly options: WechatMedInsPaymentProviderOptions;
  readonly merchantKey: KeyObject;
  readonly wechatPayKey: KeyObject;
  readonly apiV3Key: Buffer;
  readonly now: () => Date;
  private readonly fetchImpl: HttpFetch;
  private readonly apiBase: string;

  constructor(options: WechatMedInsPaymentProviderOptions) {
    this.options = options;
    this.merchantKey = toPrivateKey(options.merchantPrivateKey);
    this.wechatPayKey = toPublicKey(options.wechatPayPublicKey);
    this.apiV3Key = Buffer.from(options.apiV3Key, 'utf8');
    if (this.apiV3Key.length !== 32) throw new Error('WeChat Pay APIv3 key must be 32 bytes');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? clockNow;
    this.apiBase = (options.apiBase ?? WECHAT_PAY_API_BASE).replace(/\/+$/, '');
  }

  /** base64 SHA256withRSA with the merchant key. */
  sign(message: string): string {
    return createSign('RSA-SHA256').update(message, 'utf8').sign(this.merchantKey, 'base64');
  }

  /** Checks Wechatpay-Serial / -Timestamp / -Nonce / -Signature over `timestamp\nnonce\nbody\n`. */
  verifySigned(headers: Headers, body: string, what: string): void {
    const serial = headers.get('wechatpay-serial');
    const timestamp = headers.get('wechatpay-timestamp');
    const nonce = headers.get('wechatpay-nonce');
    const signature = headers.get('wechatpay-signature');
    if (!serial || !timestamp || !nonce || !signature) throw fail(`WeChat Pay ${what} is not signed`);
    if (serial !== this.options.wechatPayPublicKeyId) throw fail(`WeChat Pay ${what} is signed with an unknown key`);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(this.now().getTime() / 1000 - Number(timestamp)) > MAX_SKEW_S) {
      throw fail(`WeChat Pay ${what} timestamp is too far from now`);
    }
    if (!verifiesWith(this.wechatPayKey, `${timestamp}\n${nonce}\n${body}\n`, signature)) {
      throw fail(`WeChat Pay ${what} signature is invalid`);
    }
  }

  /** Sends one signed APIv3 request; resolves with a verified 2xx answer, else throws. */
  async call(op: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const url = new URL(`${this.apiBase}${path}`);
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const nonce = randomNonce();
    const signature = this.sign(`${method}\n${url.pathname}${url.search}\n${timestamp}\n${nonce}\n${bodyText}\n`);
    const { mchId, merchantSerialNo, wechatPayPublicKeyId } = this.options;
    const headers: Record<string, string> = {
      Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchantSerialNo}"`,
      Accept: 'application/json',
      // Names the key the payer fields are encrypted with (and that we verify answers with).
      'Wechatpay-Serial': wechatPayPublicKeyId,
      'User-Agent': 'essc-payments',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url.toString(), {
        method,
        headers,
        ...(body === undefined ? {} : { body: bodyText }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (err) {
      throw fail(`WeChat Pay ${op} unreachable`, err);
    }
    if (response.status < 200 || response.status > 299) {
      let code: string | undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        if (isObject(parsed) && typeof parsed.code === 'string' && /^[A-Z0-9_]{1,64}$/.test(parsed.code)) code = parsed.code;
      } catch {
        // No JSON error body: the status says enough.
      }
      // Only the code: WeChat's message may echo request fields.
      throw new WechatPayApiError(`WeChat Pay ${op} answered HTTP ${response.status}${code ? ` (${code})` : ''}`, response.status, code);
    }
    this.verifySigned(response.headers, text, `${op} answer`);
    if (text === '') return { status: response.status, data: undefined };
    try {
      return { status: response.status, data: parseObject(text) };
    } catch (err) {
      throw fail(`WeChat Pay ${op} answer is not JSON`, err);
    }
  }
}

/** The mixed order's status: paid (a refunded order was paid first), still payable, or failed. */
export async function queryWechatMedInsOrder(p: WechatMedInsPaymentProvider, ref: PaymentRef): Promise<PaymentOutcome> {
  const path = `/v3/med-ins/orders/mix-trade-no/${encodeURIComponent(ref.providerRef)}`;
  const { data } = await p.call('mixed order query', 'GET', path);
  if (typeof data?.mix_trade_no === 'string' && data.mix_trade_no !== ref.providerRef) {
    throw fail('WeChat Pay mixed order query answered for another order');
  }
  switch (data?.mix_pay_status) {
    case 'MIX_PAY_SUCCESS':
    case 'MIX_PAY_REFUND': {
      // A refunded order was paid first; refunds are tracked on our side.
      const paidAt = typeof data.paid_time === 'string' ? new Date(data.paid_time) : undefined;
      return paidAt !== undefined && !Number.isNaN(paidAt.getTime())
        ? { status: 'paid', paidAt: paidAt.toISOString() }
        : { status: 'paid' };
    }
    case 'MIX_PAY_CREATED':
      return { status: 'pending' };
    case 'MIX_PAY_FAIL':
      return { status: 'failed', reason: 'pay_failed' };
    default:
      throw fail('WeChat Pay mixed order query answered an unknown mix_pay_status');
  }
}

/** Closes the cash order so it can no longer be paid; false when it was paid after all. */
export async function closeWechatPayOrder(p: WechatMedInsPaymentProvider, ref: PaymentRef): Promise<boolean> {
  const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(ref.outTradeNo)}/close`;
  let refusal: WechatPayApiError | undefined;
  try {
    const { status } = await p.call('close', 'POST', path, { mchid: p.options.mchId });
    if (status !== 204) throw fail(`WeChat Pay close answered HTTP ${status}`);
  } catch (err) {
    if (!(err instanceof WechatPayApiError) || err.status >= 500) throw err;
    if (err.code !== 'ORDER_CLOSED') refusal = err;
  }
  // Closing answers 204 even for a paid order, so only the order's status tells paid from closed.
  const outcome = await queryWechatMedInsOrder(p, ref);
  if (outcome.status === 'paid') return false;
  if (refusal !== undefined) throw refusal;
  return true;
}

/** Creates the cash order, then the mixed order over it; hands off what wx.requestMedicalInsurancePay needs. */
export async function createWechatMedInsOrder(p: WechatMedInsPaymentProvider, input: CreatePaymentInput): Promise<CreatedPayment> {
  const { appId, mchId } = p.options;
  const { outTradeNo, cashFen, totalFen } = input;
  const { pooledFund, personalAccount, familyAccount } = input.insurance;
  const openid = input.payer.openid;
  if (openid === undefined || openid === '') throw fail('WeChat Pay needs the payer openid');
  if (input.notifyUrl === undefined || input.notifyUrl === '') throw fail('WeChat Pay needs a notify URL');
  if (!/^[A-Za-z0-9_|*-]{6,32}$/.test(outTradeNo)) throw fail('WeChat Pay out_trade_no must be 6-32 of [A-Za-z0-9_-|*]');
  const fees = [totalFen, cashFen, pooledFund, personalAccount, familyAccount];
  if (!fees.every((f) => Number.isSafeInteger(f) && f >= 0) || cashFen === 0) throw fail('WeChat Pay amounts must be whole fen, cash > 0');
  const insuredFen = pooledFund + personalAccount + familyAccount;
  // WeChat refuses (RULE_LIMIT) an order whose parts do not add up; say so before anything is created.
  if (insuredFen + cashFen !== totalFen) throw fail('WeChat Pay amounts do not add up to the total');
  const insured = insuredFen > 0;
  const createdAt = p.now();

  const prepay = await p.call('JSAPI order', 'POST', '/v3/pay/transactions/jsapi', {
    appid: appId,
    mchid: mchId,
    description: input.description.slice(0, 127),
    out_trade_no: outTradeNo,
    time_expire: chinaRfc3339(input.expiresAt),
    notify_url: input.notifyUrl,
    amount: { total: cashFen, currency: 'CNY' },
    payer: { openid },
  });
  const prepayId = prepay.data?.prepay_id;
  if (typeof prepayId !== 'string' || prepayId === '') throw fail('WeChat Pay JSAPI order answered without a prepay_id');

  const order = await p.call('mixed order', 'POST', '/v3/med-ins/orders', {
    mix_pay_type: insured ? 'CASH_AND_INSURANCE' : 'CASH_ONLY',
    order_type: ORDER_TYPES[input.orderKind],
    appid: appId,
    openid,
    payer: {
      name: encryptFor(p, input.payer.name),
      id_digest: encryptFor(p, wechatIdDigest(input.payer.idNumber)),
      card_type: 'ID_CARD',
    },
    out_trade_no: outTradeNo,
    serial_no: outTradeNo.length <= 20 ? outTradeNo : createHash('sha256').update(outTradeNo).digest('hex').slice(0, 20),
    // essc is the insurance side: these name its own settlement, not a bureau's (see above).
    ...(insured ? { pay_order_id: `ORD${outTradeNo}`, pay_auth_no: `AUTH${outTradeNo}` } : {}),
    city_id: input.institution.regionCode,
    med_inst_name: input.institution.name,
    med_inst_no: input.institution.id,
    ...(insured ? { med_ins_order_create_time: chinaRfc3339(createdAt) } : {}),
    total_fee: totalFen,
    med_ins_gov_fee: pooledFund,
    med_ins_self_fee: personalAccount,
    med_ins_other_fee: familyAccount,
    med_ins_cash_fee: cashFen,
    wechat_pay_cash_fee: cashFen,
    callback_url: input.notifyUrl,
    prepay_id: prepayId,
  });
  const mixTradeNo = order.data?.mix_trade_no;
  if (typeof mixTradeNo !== 'string' || mixTradeNo === '') throw fail('WeChat Pay mixed order answered without a mix_trade_no');

  const timeStamp = String(Math.floor(p.now().getTime() / 1000));
  const nonceStr = randomNonce();
  const pkg = `prepay_id=${prepayId}`;
  const paySign = p.sign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`);
  return {
    providerRef: mixTradeNo,
    handoff: { mixTradeNo, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign },
  };
}

/** Refunds (part of) the cash order: out_refund_no makes a retry refund once. */
export async function refundWechatPay(p: WechatMedInsPaymentProvider, input: RefundInput): Promise<RefundOutcome> {
  const { refundFen, paidFen } = input;
  if (!Number.isSafeInteger(refundFen) || !Number.isSafeInteger(paidFen) || refundFen <= 0 || refundFen > paidFen) {
    throw fail('WeChat Pay refund amount must be whole fen within what was paid');
  }
  const { data } = await p.call('refund', 'POST', '/v3/refund/domestic/refunds', {
    out_trade_no: input.outTradeNo,
    out_refund_no: input.outRefundNo,
    ...(input.reason === '' ? {} : { reason: input.reason.slice(0, 80) }),
    amount: { refund: refundFen, total: paidFen, currency: 'CNY' },
  });
  const outcome = REFUND_OUTCOMES.get(data?.status);
  if (outcome === undefined) throw fail('WeChat Pay refund answered an unknown status');
  return outcome;
}

/** Checks a notification's signature and opens its resource: which order it is about. */
export async function verifyWechatPayNotification(p: WechatMedInsPaymentProvider, headers: Record<string, string | undefined>, body: string): Promise<VerifiedNotification> {
  const signed = new Headers();
  try {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) signed.set(name, value);
  } catch (err) {
    throw fail('WeChat Pay notification headers are unreadable', err);
  }
  p.verifySigned(signed, body, 'notification');
  let resource: unknown;
  try {
    resource = (JSON.parse(body) as { resource?: unknown }).resource;
  } catch (err) {
    throw fail('WeChat Pay notification is not JSON', err);
  }
  const plain = decryptResource(p, resource);
  const outTradeNo = plain.out_trade_no;
  if (typeof outTradeNo !== 'string' || outTradeNo === '') throw fail('WeChat Pay notification has no out_trade_no');
  return { outTradeNo };
}

/** base64 RSA-OAEP (SHA-1, as WeChat Pay decrypts) with the WeChat Pay public key. */
function encryptFor(p: WechatMedInsPaymentProvider, plain: string): string {
  return publicEncrypt(
    { key: p.wechatPayKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(plain, 'utf8'),
  ).toString('base64');
}

/** Opens an AEAD_AES_256_GCM resource with the APIv3 key. */
function decryptResource(p: WechatMedInsPaymentProvider, resource: unknown): Record<string, unknown> {
  if (!isObject(resource) || resource.algorithm !== 'AEAD_AES_256_GCM') throw fail('WeChat Pay notification has no readable resource');
  const { ciphertext, nonce, associated_data: associatedData } = resource;
  if (typeof ciphertext !== 'string' || typeof nonce !== 'string') throw fail('WeChat Pay notification resource is incomplete');
  try {
    const sealed = Buffer.from(ciphertext, 'base64');
    if (sealed.length <= 16) throw new TypeError('ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', p.apiV3Key, Buffer.from(nonce, 'utf8'));
    decipher.setAAD(Buffer.from(typeof associatedData === 'string' ? associatedData : '', 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    return parseObject(plain.toString('utf8'));
  } catch (err) {
    throw fail('WeChat Pay notification resource does not decrypt', err);
  }
}
