/**
 * Adapter for the sandbox payer (scripts/sandbox/payment/server.ts), a real local HTTP service
 * with the same shape as the cloud cashiers: the server creates an order, the holder pays it on
 * the payer's page (or a test chooses the outcome), the server asks for the outcome.
 *   create:  POST <baseUrl>/api/orders {outTradeNo, amount, description, notifyUrl?, returnUrl?, expiresAt}
 *            → 201 {tradeNo, payUrl, expiresAt}; handoff {tradeNo, payUrl}
 *   query:   GET  <baseUrl>/api/orders/<tradeNo> → {status: pending|paid|failed|closed, outTradeNo, amount, paidAt?}
 *   close:   POST <baseUrl>/api/orders/<tradeNo>/close → {status}
 *   refund:  POST <baseUrl>/api/refunds {tradeNo, outRefundNo, amount} → {status: succeeded|failed, reason?}
 *   notify:  the payer POSTs {tradeNo, outTradeNo} to notifyUrl; nothing in it is trusted (the
 *            server queries), so it carries no signature.
 */
import { PaymentProviderError, type CreatePaymentInput, type CreatedPayment, type PaymentOutcome, type PaymentClient, type PaymentRef, type RefundInput, type RefundOutcome, type VerifiedNotification } from '../payment.js';
import { SandboxClient, type SandboxAnswer } from './service.js';

/** The sandbox payer's client; its operations are the functions below (providers/paymentRegistry.ts dispatches them). */
export class SandboxPaymentProvider extends SandboxClient implements PaymentClient {
  readonly name = 'sandbox' as const;

  /** One JSON request to the sandbox payer; a 5xx, an unreachable payer or a non-JSON answer throws. */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<SandboxAnswer> {
    return this.service.json(method, path, body, 'Sandbox payer', (message, cause) => new PaymentProviderError(message, 'sandbox', cause === undefined ? undefined : { cause }));
  }
}

export async function querySandboxOrder(p: SandboxPaymentProvider, ref: PaymentRef): Promise<PaymentOutcome> {
  const { status, json } = await p.request('GET', `/api/orders/${encodeURIComponent(ref.providerRef)}`);
  // The sandbox keeps its state in memory: after a restart it knows no order, and none was paid.
  if (status === 404) return { status: 'failed', reason: 'unknown_order' };
  if (status !== 200) throw new PaymentProviderError(`Sandbox payer query answered HTTP ${status}`, 'sandbox');
  if (json.outTradeNo !== ref.outTradeNo) return { status: 'failed', reason: 'mismatch (outTradeNo)' };
  switch (json.status) {
    case 'paid':
      return { status: 'paid', ...(typeof json.paidAt === 'string' ? { paidAt: json.paidAt } : {}) };
    case 'pending':
      return { status: 'pending' };
    case 'failed':
    case 'closed':
      return { status: 'failed', reason: String(json.status) };
    default:
      throw new PaymentProviderError('Sandbox payer query answered an unreadable status', 'sandbox');
  }
}

export async function closeSandboxOrder(p: SandboxPaymentProvider, ref: PaymentRef): Promise<boolean> {
  const { status, json } = await p.request('POST', `/api/orders/${encodeURIComponent(ref.providerRef)}/close`, {});
  if (status === 404) return true;
  if (status !== 200) throw new PaymentProviderError(`Sandbox payer close answered HTTP ${status}`, 'sandbox');
  return json.status !== 'paid';
}

export async function createSandboxOrder(p: SandboxPaymentProvider, input: CreatePaymentInput): Promise<CreatedPayment> {
  const { status, json } = await p.request('POST', '/api/orders', {
    outTradeNo: input.outTradeNo,
    amount: input.cashFen,
    description: input.description,
    expiresAt: input.expiresAt.toISOString(),
    ...(input.notifyUrl ? { notifyUrl: input.notifyUrl } : {}),
    ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
  });
  if (status !== 201 || typeof json.tradeNo !== 'string' || typeof json.payUrl !== 'string') {
    throw new PaymentProviderError(`Sandbox payer create answered HTTP ${status}`, 'sandbox');
  }
  return { providerRef: json.tradeNo, handoff: { tradeNo: json.tradeNo, payUrl: json.payUrl } };
}

export async function refundSandboxOrder(p: SandboxPaymentProvider, input: RefundInput): Promise<RefundOutcome> {
  const { status, json } = await p.request('POST', '/api/refunds', { tradeNo: input.providerRef, outRefundNo: input.outRefundNo, amount: input.refundFen });
  if (status !== 200 && status !== 201) throw new PaymentProviderError(`Sandbox payer refund answered HTTP ${status}`, 'sandbox');
  if (json.status === 'succeeded') return { status: 'succeeded' };
  if (json.status === 'processing') return { status: 'processing' };
  return { status: 'failed', reason: typeof json.reason === 'string' ? json.reason : 'refused' };
}

/** Reads which order a notification is about (nothing in it is trusted: the server queries). */
export async function verifySandboxNotification(_p: SandboxPaymentProvider, _headers: Record<string, string | undefined>, body: string): Promise<VerifiedNotification> {
  try {
    const value = JSON.parse(body) as { outTradeNo?: unknown };
    if (typeof value.outTradeNo === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value.outTradeNo)) return { outTradeNo: value.outTradeNo };
  } catch {
    /* fall through */
  }
  throw new PaymentProviderError('Sandbox payer notification is unreadable', 'sandbox');
}
