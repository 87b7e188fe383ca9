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
