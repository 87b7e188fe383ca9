import { describe, expect, it } from 'vitest';
import { PaymentProviderError } from '../../../../functions/providers/payment.js';
import { SandboxPaymentProvider } from '../../../../functions/providers/sandbox/payment.js';
import { fakeFetch, json } from '../../support/fakeFetch.js';
import type { HttpFetch } from '../../../../functions/providers/face.js';
import { paymentInput, paymentOperations } from '../../support/paymentOperations.js';

/** The adapter's client, and its operations as providers/paymentRegistry.ts dispatches them. */
function provider(fetch: HttpFetch) {
  const client = new SandboxPaymentProvider({ baseUrl: 'http://127.0.0.1:3110/', fetch });
  return paymentOperations(client);
}
/** A pharmacy's ¥600.00, ¥100.00 of it cash, paid on the sandbox payer's page. */
const input = paymentInput({
  outTradeNo: 'pay_1', totalFen: 60_000, cashFen: 10_000, insurance: { pooledFund: 0, personalAccount: 50_000, familyAccount: 0 },
  orderKind: 'pharmacy', description: '演示大药房 购药', institution: { id: 'demo-pharmacy', name: '演示大药房', regionCode: '320100' },
  returnUrl: 'http://127.0.0.1:10086/#/pages/bill/index?id=bl_1', expiresAt: new Date('2026-12-02T10:15:00Z'),
});

describe('SandboxPaymentProvider (against the sandbox payer’s answers)', () => {
  it('creates an order for the cash part only, without the payer’s personal data, and hands off the pay URL', async () => {
    const { fetch, calls } = fakeFetch(json({ tradeNo: 'sp_abcdefghijklmnop1234', payUrl: 'http://127.0.0.1:3110/pay/sp_abcdefghijklmnop1234', expiresAt: '2026-12-02T10:15:00.000Z' }, 201));
    const created = await provider(fetch).create(input);
    expect(calls[0]!.url).toBe('http://127.0.0.1:3110/api/orders');
    const body = JSON.parse(String(calls[0]!.init.body));
    expect(body).toEqual({ outTradeNo: 'pay_1', amount: 10_000, description: '演示大药房 购药', expiresAt: '2026-12-02T10:15:00.000Z', returnUrl: input.returnUrl });
    expect(String(calls[0]!.init.body)).not.toContain(input.payer.idNumber);
    expect(created).toEqual({ providerRef: 'sp_abcdefghijklmnop1234', handoff: { tradeNo: 'sp_abcdefghijklmnop1234', payUrl: 'http://127.0.0.1:3110/pay/sp_abcdefghijklmnop1234' } });
  });

  it('maps each order status; an order of another outTradeNo or an unknown one was never paid', async () => {
    const { fetch } = fakeFetch(
      json({ status: 'paid', outTradeNo: 'pay_1', paidAt: '2026-12-02T10:01:00.000Z' }),
      json({ status: 'pending', outTradeNo: 'pay_1' }),
      json({ status: 'closed', outTradeNo: 'pay_1' }),
      json({ status: 'paid', outTradeNo: 'pay_other' }),
      json({ error: 'not_found' }, 404),
      json({ status: 'weird', outTradeNo: 'pay_1' }),
    );
    const p = provider(fetch);
    const ref = { outTradeNo: 'pay_1', providerRef: 'sp_x' };
    expect(await p.query(ref)).toEqual({ status: 'paid', paidAt: '2026-12-02T10:01:00.000Z' });
    expect(await p.query(ref)).toEqual({ status: 'pending' });
    expect(await p.query(ref)).toEqual({ status: 'failed', reason: 'closed' });
    expect(await p.query(ref)).toMatchObject({ status: 'failed' });
    expect(await p.query(ref)).toEqual({ status: 'failed', reason: 'unknown_order' });
    await expect(p.query(ref)).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it('close says whether the order can no longer be paid; refunds map succeeded and failed', async () => {
    const { fetch } = fakeFetch(json({ status: 'closed' }), json({ status: 'paid' }), json({ status: 'succeeded', amount: 100 }), json({ status: 'failed', reason: 'exceeds_paid' }));
    const p = provider(fetch);
    const ref = { outTradeNo: 'pay_1', providerRef: 'sp_x' };
    expect(await p.close(ref)).toBe(true);
    expect(await p.close(ref)).toBe(false);
    const refund = { ...ref, outRefundNo: 'rf_1', refundFen: 100, paidFen: 10_000, reason: '退费' };
    expect(await p.refund(refund)).toEqual({ status: 'succeeded' });
    expect(await p.refund(refund)).toEqual({ status: 'failed', reason: 'exceeds_paid' });
  });

  it('an unreachable payer, a 5xx or a non-JSON answer is a PaymentProviderError; a notification is read, never trusted', async () => {
    const { fetch } = fakeFetch(new TypeError('fetch failed'), new Response('oops', { status: 502 }), new Response('<html>', { status: 200 }));
    const p = provider(fetch);
    for (let i = 0; i < 3; i++) await expect(p.create(input)).rejects.toBeInstanceOf(PaymentProviderError);
    expect(await p.verifyNotification({}, JSON.stringify({ outTradeNo: 'pay_1', status: 'paid' }))).toEqual({ outTradeNo: 'pay_1' });
    for (const bad of ['nope', '{}', JSON.stringify({ outTradeNo: '../../x' })]) await expect(p.verifyNotification({}, bad)).rejects.toBeInstanceOf(PaymentProviderError);
  });
});
