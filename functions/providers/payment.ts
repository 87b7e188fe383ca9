/**
 * One interface over every payment provider that collects a bill's cash remainder (自费部分):
 * WeChat Pay's medical-insurance mixed order, Alipay, and the local sandbox payer. The server
 * creates the order, the client runs the provider's cashier with `handoff`, and the server
 * learns the outcome only from the provider (a notification it verifies, or a query): a
 * client-side "success" is never trusted.
 */
import type { HttpFetch } from './face.js';
import { ProviderError } from './providerError.js';

export type { HttpFetch };

export type PaymentProviderName = 'wechat' | 'alipay' | 'sandbox';

/** What the bill is, for the provider's order (WeChat's order_type, the description). */
export type PaymentOrderKind = 'outpatient' | 'inpatient' | 'pharmacy' | 'registration';

export interface CreatePaymentInput {
  /** Our payment id: out_trade_no at the provider, unique per attempt. */
  outTradeNo: string;
  /** The whole bill, fen. */
  totalFen: number;
  /** The cash remainder the provider collects, fen (> 0). */
  cashFen: number;
  /** The insurance parts essc settles itself (WeChat's mixed order reports them). */
  insurance: { pooledFund: number; personalAccount: number; familyAccount: number };
  orderKind: PaymentOrderKind;
  /** Shown in the provider's cashier, e.g. "演示药房 门诊缴费". */
  description: string;
  institution: { id: string; name: string; regionCode: string };
  /** The payer. Plain text only in memory, never logged. */
  payer: { name: string; idNumber: string; openid?: string };
  /** Where the provider posts its notification (our /v1/payments/{provider}/notifications). */
  notifyUrl?: string;
  /** Where a web cashier returns the holder (the H5 bill page). */
  returnUrl?: string;
  /** After this the order must no longer be payable. */
  expiresAt: Date;
}

export interface CreatedPayment {
  /** The provider's id of the order (mix_trade_no, trade_no, the sandbox trade number). */
  providerRef: string;
  /** What the client's cashier needs (wx.requestMedicalInsurancePay's fields, my.tradePay's tradeNO, a pay URL). */
  handoff: Record<string, string>;
}

export interface PaymentRef {
  outTradeNo: string;
  providerRef: string;
}

export type PaymentOutcome =
  | { status: 'paid'; paidAt?: string }
  | { status: 'pending' }
  /** Refused, failed, or closed unpaid at the provider: nothing was collected. */
  | { status: 'failed'; reason: string };

export interface RefundInput extends PaymentRef {
  /** Our refund id: out_refund_no at the provider (a retry with it refunds once). */
  outRefundNo: string;
  refundFen: number;
  /** The cash the order collected, fen. */
  paidFen: number;
  reason: string;
}

export type RefundOutcome = { status: 'succeeded' } | { status: 'processing' } | { status: 'failed'; reason: string };

/** A notification the provider sent, once its signature (and encryption) checked out. */
export interface VerifiedNotification {
  outTradeNo: string;
}

/**
 * A provider's client for one channel's merchant account: its keys and signed requests. Its
 * operations (create, query, close, refund, a notification's check) are functions of each
 * provider's module, dispatched by paymentRegistry.ts, so that a Lambda bundles only the
 * operations it calls. For each provider they do what these say:
 * - create(input) → CreatedPayment: the order of the cash part;
 * - query(ref) → PaymentOutcome;
 * - close(ref) → true when the order is closed (or was never paid), false when it was paid;
 * - refund(input) → RefundOutcome; a retry with the same outRefundNo refunds once;
 * - verifyNotification(headers, body) → VerifiedNotification, or PaymentProviderError when it
 *   does not verify (the caller still asks the provider, query, before acting on it).
 */
export interface PaymentClient {
  readonly name: PaymentProviderName;
}

/** The provider's cloud could not be reached, or answered with an error of its own. */
export class PaymentProviderError extends ProviderError<PaymentProviderName> {
  override name = 'PaymentProviderError';
}
