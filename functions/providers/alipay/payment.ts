/**
 * Alipay mini-program payment (小程序支付, product JSAPI_PAY) over the OpenAPI gateway
 * (providers/alipay/gateway.ts), as Alipay documents it:
 * - alipay.trade.create, notify_url as a public param, biz_content {out_trade_no, total_amount (yuan,
 *   two decimals, a string), subject (no / = &), product_code "JSAPI_PAY", buyer_id (the 2088… user
 *   id) or buyer_open_id (the newer open_id), op_app_id (the mini-program whose cashier opens),
 *   time_expire ("yyyy-MM-dd HH:mm:ss", China time)} → {trade_no, out_trade_no}. The mini-program
 *   calls my.tradePay({tradeNO: trade_no}).
 * - alipay.trade.query {out_trade_no} → trade_status WAIT_BUYER_PAY | TRADE_CLOSED | TRADE_SUCCESS |
 *   TRADE_FINISHED, send_pay_date ("yyyy-MM-dd HH:mm:ss", China time).
 * - alipay.trade.close {out_trade_no}; sub_code ACQ.TRADE_NOT_EXIST (nothing to pay) or
 *   ACQ.TRADE_STATUS_ERROR (paid, or already closed: a query tells which).
 * - alipay.trade.refund {out_trade_no, refund_amount, out_request_no, refund_reason} → fund_change "Y"
 *   (money moved); "N" means look: alipay.trade.fastpay.refund.query {out_trade_no, out_request_no} →
 *   refund_status "REFUND_SUCCESS" once done. A retry with the same out_request_no refunds once.
 * - Async notification: a form-urlencoded POST to notify_url; sign = RSA2 (Alipay key) over every
 *   param except sign and sign_type (unlike request signing, sign_type is left out), values
 *   URL-decoded, empty ones dropped, sorted by name, joined `k=v&k=v`.
 *
 * Our choices: a query answering ACQ.TRADE_NOT_EXIST is pending (the trade can exist at Alipay only
 * once created, so it is a not-yet-visible trade, never a failure; close() settles it); a refund
 * refused with a business code fails with its sub_code, but ACQ.SYSTEM_ERROR or code 20000 (outcome
 * unknown) throw, so the caller retries with the same out_request_no.
 */
import type { KeyObject } from 'node:crypto';
import {
  AlipayGatewayClient,
  AlipayGatewayError,
  alipaySignContent,
  alipayTimestamp,
  describeAlipayError,
  toPublicKey,
  verifyRsa2,
  type AlipayResponse,
  type AlipayResponseNode,
} from './gateway.js';
import { now as clockNow } from '../../core/clock.js';
import {
  PaymentProviderError,
  type CreatePaymentInput,
  type CreatedPayment,
  type HttpFetch,
  type PaymentOutcome,
  type PaymentClient,
  type PaymentRef,
  type RefundInput,
  type RefundOutcome,
  type VerifiedNotification,
} from '../payment.js';

export interface AlipayPaymentProviderOptions {
  appId: string;
  /** App private key (应用私钥): PEM or the key tool's bare base64. */
  privateKey: string | KeyObject;
  /** Alipay public key (支付宝公钥): verifies every answer and notification. */
  alipayPublicKey: string | KeyObject;
  /** The mini-program whose cashier opens (op_app_id); defaults to appId. */
  opAppId?: string;
  /** Defaults to https://openapi.alipay.com/gateway.do. */
  gateway?: string;
  fetch?: HttpFetch;
  now?: () => Date;
  timeoutMs?: number;
}

/** Fen as Alipay's yuan string with two decimals: 12345 → "123.45". */
export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** "yyyy-MM-dd HH:mm:ss" in China time as ISO 8601 UTC; undefined when unreadable. */
function chinaTimeToIso(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value.replace(' ', 'T')}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const isWholeFen = (fen: number): boolean => Number.isSafeInteger(fen) && fen > 0;
const fail = (message: string, cause?: unknown): PaymentProviderError =>
  new PaymentProviderError(message, 'alipay', cause === undefined ? undefined : { cause });
const refused = (method: string, node: AlipayResponseNode): PaymentProviderError =>
  fail(`Alipay ${method} refused: ${describeAlipayError(node)}`);

/**
 * An app's Alipay trade client: its keys and the gateway. The operations (create, query, close,
 * refund, a notification's check) are the functions below the class, so that a Lambda bundles
 * only the operations it calls (providers/paymentRegistry.ts dispatches them).
 */
export class AlipayPaymentProvider extends AlipayGatewayClient implements PaymentClient {
  readonly name = 'alipay' as const;
  readonly appId: string;
  readonly opAppId: string;
  readonly alipayPublicKey: KeyObject;

  constructor(options: AlipayPaymentProviderOptions) {
    super({ ...options, now: options.now ?? clockNow });
    this.appId = options.appId;
    this.opAppId = options.opAppId ?? options.appId;
    this.alipayPublicKey = toPublicKey(options.alipayPublicKey);
  }

  /** Calls a method; resolves with its response node (success or error), signature checked. */
  async call(
    method: string,
    bizContent: Record<string, unknown>,
    params?: Record<string, string>,
  ): Promise<AlipayResponseNode> {
    let answer: AlipayResponse;
    try {
      answer = await this.gateway.call(method, { bizContent, ...(params === undefined ? {} : { params }) });
    } catch (err) {
      if (err instanceof AlipayGatewayError) throw fail(err.message, err);
      throw fail(`Alipay ${method} failed`, err);
    }
    // The gateway lets an unsigned error through; we act on error codes (closed, refund failed), so they must be signed too.
    if (!answer.verified) throw fail(`Alipay ${method} answer is not signed (${describeAlipayError(answer.node)})`);
    return answer.node;
  }
}

/** The trade's status: a trade not yet visible at Alipay is still payable (see above). */
export async function queryAlipayTrade(p: AlipayPaymentProvider, ref: PaymentRef): Promise<PaymentOutcome> {
  const node = await p.call('alipay.trade.query', { out_trade_no: ref.outTradeNo });
  if (node.code !== '10000') {
    // The buyer has not opened the cashier yet (see above): still payable.
    if (node.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'pending' };
    throw refused('alipay.trade.query', node);
  }
  switch (node.trade_status) {
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED': {
      const paidAt = chinaTimeToIso(node.send_pay_date);
      return paidAt === undefined ? { status: 'paid' } : { status: 'paid', paidAt };
    }
    case 'WAIT_BUYER_PAY':
      return { status: 'pending' };
    case 'TRADE_CLOSED':
      return { status: 'failed', reason: 'closed' };
    default:
      throw fail('Alipay alipay.trade.query answered an unknown trade_status');
  }
}

/** Closes the trade so it can no longer be paid; false when it was paid after all. */
export async function closeAlipayTrade(p: AlipayPaymentProvider, ref: PaymentRef): Promise<boolean> {
  const node = await p.call('alipay.trade.close', { out_trade_no: ref.outTradeNo });
  if (node.code === '10000' || node.sub_code === 'ACQ.TRADE_NOT_EXIST') return true;
  if (node.sub_code === 'ACQ.TRADE_STATUS_ERROR') {
    // Not closable: either paid, or closed already.
    const outcome = await queryAlipayTrade(p, ref);
    if (outcome.status === 'paid') return false;
    if (outcome.status === 'failed') return true;
  }
  throw refused('alipay.trade.close', node);
}

/** Creates the trade the mini-program's cashier (my.tradePay) pays. */
export async function createAlipayTrade(p: AlipayPaymentProvider, input: CreatePaymentInput): Promise<CreatedPayment> {
  const buyer = input.payer.openid;
  if (buyer === undefined || buyer === '') throw fail('Alipay mini-program payment needs the buyer id');
  if (!isWholeFen(input.cashFen)) throw fail('Alipay amount must be whole fen above 0');
  const node = await p.call(
    'alipay.trade.create',
    {
      out_trade_no: input.outTradeNo,
      total_amount: fenToYuan(input.cashFen),
      // Alipay refuses / = & in a subject.
      subject: input.description.replace(/[/=&]/g, ' ').trim().slice(0, 256),
      product_code: 'JSAPI_PAY',
      // A 2088… user_id is buyer_id; anything else is an open_id (the mini-program's newer id).
      ...(/^2088\d{12}$/.test(buyer) ? { buyer_id: buyer } : { buyer_open_id: buyer }),
      op_app_id: p.opAppId,
      time_expire: alipayTimestamp(input.expiresAt),
    },
    input.notifyUrl === undefined || input.notifyUrl === '' ? undefined : { notify_url: input.notifyUrl },
  );
  if (node.code !== '10000') throw refused('alipay.trade.create', node);
  const tradeNo = node.trade_no;
  if (typeof tradeNo !== 'string' || tradeNo === '') throw fail('Alipay alipay.trade.create answered without a trade_no');
  if (node.out_trade_no !== undefined && node.out_trade_no !== input.outTradeNo) {
    throw fail('Alipay alipay.trade.create answered for another order');
  }
  return { providerRef: tradeNo, handoff: { tradeNO: tradeNo } };
}

/** Refunds (part of) a trade: out_request_no makes a retry refund once. */
export async function refundAlipayTrade(p: AlipayPaymentProvider, input: RefundInput): Promise<RefundOutcome> {
  if (!isWholeFen(input.refundFen) || !isWholeFen(input.paidFen) || input.refundFen > input.paidFen) {
    throw fail('Alipay refund amount must be whole fen within what was paid');
  }
  const node = await p.call('alipay.trade.refund', {
    out_trade_no: input.outTradeNo,
    refund_amount: fenToYuan(input.refundFen),
    out_request_no: input.outRefundNo,
    ...(input.reason === '' ? {} : { refund_reason: input.reason.slice(0, 256) }),
  });
  if (node.code !== '10000') {
    if (node.code === '20000' || node.sub_code === 'ACQ.SYSTEM_ERROR') throw refused('alipay.trade.refund', node);
    const subCode = typeof node.sub_code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(node.sub_code) ? node.sub_code : undefined;
    return { status: 'failed', reason: subCode ?? `code_${node.code ?? 'unknown'}` };
  }
  if (node.fund_change === 'Y') return { status: 'succeeded' };
  let refundQuery: AlipayResponseNode;
  try {
    refundQuery = await p.call('alipay.trade.fastpay.refund.query', {
      out_trade_no: input.outTradeNo,
      out_request_no: input.outRefundNo,
    });
  } catch {
    // The refund was accepted; only its progress is unknown for now.
    return { status: 'processing' };
  }
  return refundQuery.code === '10000' && refundQuery.refund_status === 'REFUND_SUCCESS'
    ? { status: 'succeeded' }
    : { status: 'processing' };
}

/** Checks an async notification's RSA2 signature and app: which trade it is about. */
export async function verifyAlipayNotification(p: AlipayPaymentProvider, _headers: Record<string, string | undefined>, body: string): Promise<VerifiedNotification> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(params, key)) throw fail('Alipay notification repeats a parameter');
    params[key] = value;
  }
  const { sign, sign_type: signType, ...signed } = params;
  if (sign === undefined || sign === '') throw fail('Alipay notification is not signed');
  if (signType !== undefined && signType !== 'RSA2') throw fail('Alipay notification is not signed with RSA2');
  if (!verifyRsa2(alipaySignContent(signed), sign, p.alipayPublicKey)) {
    throw fail('Alipay notification signature is invalid');
  }
  if (signed.app_id !== p.appId) throw fail('Alipay notification is for another app');
  const outTradeNo = signed.out_trade_no;
  if (outTradeNo === undefined || outTradeNo === '') throw fail('Alipay notification has no out_trade_no');
  return { outTradeNo };
}
