/**
 * Bills over HTTP against serverless-offline (the Lambdas as deployed): a signed verification's
 * patientRef, a pushed bill paid with the PIN (the cash part at the sandbox payer), the terminal's
 * poll, refunds with an Idempotency-Key, the institution's webhook endpoints, filings; and the
 * refusals as problem+json with their codes and zh-CN messages.
 */
import { describe, expect, inject, it } from 'vitest';
import { peopleFor } from '../support/people.js';
import { call, claimOverHttp, expectProblem, terminal } from './client.js';

const people = peopleFor(import.meta.url);
const PIN = '258147';
const paymentUrl = inject('paymentUrl');

const selfPaid = (price: number) => [{ code: 'C001', name: '自费药', class: 'C', quantity: 1, unitPrice: price }];

describe('bills over HTTP', () => {
  it('verify → push → pay (account + sandbox cash) → paid at the terminal → refund', async () => {
    const token = (await claimOverHttp('api-bill-1', people.claimable(0), PIN)).token;
    const { body: code } = await call('POST', '/v1/cards/me/codes', { token });
    const verified = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: '01101' });
    expect(verified.status).toBe(200);
    const { patientRef } = verified.body;
    expect(patientRef).toMatch(/^pr_/);

    expectProblem(await terminal('POST', '/v1/terminal/bills', { patientRef: 'not-a-ref', institutionOrderId: 'x1', kind: 'pharmacy', items: selfPaid(100) }), 400, 'invalid_request');
    expectProblem(await terminal('POST', '/v1/terminal/bills', { patientRef, institutionOrderId: 'x1', kind: 'pharmacy', items: [{ code: 'X', name: 'x', class: 'Z', quantity: 1, unitPrice: 1 }] }), 400, 'invalid_bill');
    const orderId = `api-bill-${Date.now()}`;
    const pushed = await terminal('POST', '/v1/terminal/bills', { patientRef, institutionOrderId: orderId, kind: 'pharmacy', items: selfPaid(9_000_000) });
    expect(pushed.status).toBe(201);
    expect(pushed.body).toMatchObject({ status: 'awaiting_payment', split: { total: 9_000_000 } });
    const id = pushed.body.id as string;

    const pending = await call('GET', '/v1/bills/pending', { token });
    expect(pending.body.bills.map((b: { id: string }) => b.id)).toContain(id);
    const wrong = await call('POST', `/v1/bills/${id}/payment`, { token, body: { pin: '000000', cashPayment: 'channel' } });
    expectProblem(wrong, 422, 'wrong_pin');
    expectProblem(await call('POST', `/v1/bills/${id}/payment`, { token, body: { pin: PIN } }), 422, 'cash_payment_required');
    const paying = await call('POST', `/v1/bills/${id}/payment`, { token, body: { pin: PIN, cashPayment: 'channel' } });
    expect(paying.status).toBe(200);
    expect(paying.body.bill).toMatchObject({ status: 'paying', payment: { provider: 'sandbox' } });
    const tradeNo = paying.body.bill.payment.handoff.tradeNo as string;
    expect((await fetch(`${paymentUrl}/api/orders/${tradeNo}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'pay' }) })).status).toBe(200);
    const polled = await terminal('GET', `/v1/terminal/bills/${id}`);
    expect(polled.body.status).toBe('paid');

    expectProblem(await terminal('POST', `/v1/terminal/bills/${id}/refunds`, { kind: 'all' }), 400, 'invalid_idempotency_key');
    const key = `api-refund-${Date.now()}`;
    const refund = await terminal('POST', `/v1/terminal/bills/${id}/refunds`, { kind: 'all' }, { headers: { 'idempotency-key': key } });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ refund: { status: 'succeeded' }, bill: { status: 'refunded' } });
    const again = await terminal('POST', `/v1/terminal/bills/${id}/refunds`, { kind: 'all' }, { headers: { 'idempotency-key': key } });
    expect(again.body.refund.id).toBe(refund.body.refund.id);
    const second = await terminal('POST', `/v1/terminal/bills/${id}/refunds`, { kind: 'all' }, { headers: { 'idempotency-key': `${key}-2` } });
    expectProblem(second, 409, 'nothing_to_refund');
    expect(second.body.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('institution webhook endpoints and out-of-area filings over HTTP', async () => {
    const created = await terminal('POST', '/v1/terminal/webhook-endpoints', { url: 'https://hooks.example/pharmacy', events: ['bill.paid'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expectProblem(await terminal('POST', '/v1/terminal/webhook-endpoints', { url: 'https://hooks.example/x', events: ['card.claimed'] }), 400, 'invalid_request');
    const listed = await terminal('GET', '/v1/terminal/webhook-endpoints');
    expect(listed.body.endpoints.map((e: { id: string }) => e.id)).toContain(created.body.id);
    expect((await terminal('DELETE', `/v1/terminal/webhook-endpoints/${created.body.id}`)).status).toBe(204);

    const person = people.claimable(1);
    const token = (await claimOverHttp('api-bill-2', person, PIN)).token;
    const away = person.regionCode === '310100' ? '110100' : '310100';
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expectProblem(await call('POST', '/v1/out-of-area-filings', { token, body: { destinationRegion: person.regionCode, kind: 'resettled_retiree', startDate: today, pledge: true } }), 422, 'same_region');
    expectProblem(await call('POST', '/v1/out-of-area-filings', { token, body: { destinationRegion: away, kind: 'resettled_retiree', startDate: '2026-02-30', pledge: true } }), 400, 'invalid_request');
    const filed = await call('POST', '/v1/out-of-area-filings', { token, body: { destinationRegion: away, kind: 'resettled_retiree', startDate: today, pledge: true } });
    expect(filed.status).toBe(201);
    expect((await call('GET', '/v1/out-of-area-filings', { token })).body.filings[0]).toMatchObject({ id: filed.body.filing.id, status: 'effective' });
    expect((await call('DELETE', `/v1/out-of-area-filings/${filed.body.filing.id}`, { token })).body.filing.status).toBe('cancelled');
  });
});
