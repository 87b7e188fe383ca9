/** A payment adapter's operations as the bill use cases call them: through providers/paymentRegistry.ts, bound to one client. */
import {
  closePayment,
  createPayment,
  queryPayment,
  refundPayment,
  verifyPaymentNotification,
  type AnyPaymentClient,
} from '../../../functions/providers/paymentRegistry.js';
import type { CreatePaymentInput, PaymentRef, RefundInput } from '../../../functions/providers/payment.js';

export function paymentOperations(client: AnyPaymentClient) {
  return {
    create: (input: CreatePaymentInput) => createPayment(client, input),
    query: (ref: PaymentRef) => queryPayment(client, ref),
    close: (ref: PaymentRef) => closePayment(client, ref),
    refund: (input: RefundInput) => refundPayment(client, input),
    verifyNotification: (headers: Record<string, string | undefined>, body: string) => verifyPaymentNotification(client, headers, body),
  };
}

/**
 * An order as the bill use cases hand it to a provider: a ¥202.00 outpatient bill at a demo
 * hospital, ¥42.00 of it cash. A test overrides what it is about.
 */
export function paymentInput(extra: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  return {
    outTradeNo: 'pay20250701000001',
    totalFen: 20200,
    cashFen: 4200,
    insurance: { pooledFund: 10000, personalAccount: 5000, familyAccount: 1000 },
    orderKind: 'outpatient',
    description: '演示医院 门诊缴费',
    institution: { id: 'H53010000001', name: '演示医院', regionCode: '530100' },
    payer: { name: '王小明', idNumber: '110101199003071234' },
    expiresAt: new Date('2025-06-30T16:30:00Z'),
    ...extra,
  };
}
