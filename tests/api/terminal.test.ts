import { createEsscClient, dataOf } from '@essc/sdk';
import { describe, expect, it } from 'vitest';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { peopleFor } from '../support/people.js';
import { apiUrl, call, claimOverHttp, expectProblem, terminal, DEMO_PHARMACY } from './client.js';
import { documentedFetch } from './contract.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';

async function claimed(i: number, user: string): Promise<string> {
  return (await claimOverHttp(user, people.claimable(i), PIN)).token;
}

const items: BillItem[] = [
  { code: 'A001', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 1550 },
  { code: 'C001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 890 },
];

describe('terminal API signatures', () => {
  it('accepts a signed request and refuses stale, replayed, tampered and unknown ones', async () => {
    const token = await claimed(0, 'api-term-1');
    const { body: code } = await call('POST', '/v1/cards/me/codes', { token });
    expect(code.code).toMatch(/^88\d{18}$/);

    const stale = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expectProblem(stale, 401, 'stale_timestamp');
    const bad = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }, { tamper: (h) => (h['x-essc-signature'] = Buffer.alloc(32).toString('base64')) });
    expectProblem(bad, 401, 'bad_signature');
    const unknown = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }, { institution: { id: 'no-such', secret: 'x'.repeat(20) } });
    expectProblem(unknown, 401, 'unknown_institution');
    const wrongSecret = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }, { institution: { id: DEMO_PHARMACY.id, secret: 'guessed-secret-guessed' } });
    expectProblem(wrongSecret, 401, 'bad_signature');
    expectProblem(await call('POST', '/v1/terminal/code-verifications', { body: { code: code.code, businessType: 'query' } }), 401, 'missing_signature');

    const nonce = 'fixed-nonce-' + Date.now();
    const ok = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }, { nonce });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'normal', maskedIdNumber: expect.stringMatching(/^\d{4}\*{10}/) });
    const replay = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }, { nonce });
    expectProblem(replay, 401, 'replayed_nonce');
    expectProblem(await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'query' }), 422, 'code_used');
  });

  it('settles end to end through HTTP: pre-settle, holder confirms, settle with an Idempotency-Key, reconcile', async () => {
    const token = await claimed(1, 'api-term-2');
    const before = (await call('GET', '/v1/accounts/me', { token })).body.balance as number;
    const { body: code } = await call('POST', '/v1/cards/me/codes', { token });
    const orderId = `api-${Date.now()}`;
    const pre = await terminal('POST', '/v1/terminal/settlements', { code: code.code, institutionOrderId: orderId, items });
    expect(pre.status).toBe(201);
    expect(pre.body).toMatchObject({ status: 'awaiting_confirmation', split: { total: 3990 } });
    const { split } = pre.body;
    expect(split.pooledFund + split.personalAccount + split.cash).toBe(3990);

    expectProblem(await terminal('POST', `/v1/terminal/settlements/${pre.body.id}/settle`, undefined, { headers: { 'idempotency-key': `k-${orderId}` } }), 409, 'not_confirmed');
    expectProblem(await terminal('POST', `/v1/terminal/settlements/${pre.body.id}/settle`), 400, 'invalid_idempotency_key');

    const pending = await call('GET', '/v1/settlements/pending', { token });
    expect(pending.body.settlements.map((s: { id: string }) => s.id)).toContain(pre.body.id);
    expect((await terminal('GET', `/v1/terminal/settlements/${pre.body.id}`)).body.status).toBe('awaiting_confirmation');
    const confirm = await call('POST', `/v1/settlements/${pre.body.id}/confirmation`, { token, body: { pin: PIN } });
    expect(confirm.body.settlement.status).toBe('confirmed');
    expect((await terminal('GET', `/v1/terminal/settlements/${pre.body.id}`)).body.status).toBe('confirmed');
    const other = { id: 'demo-hospital', secret: 'demo-hospital-secret-not-for-production' };
    expectProblem(await terminal('GET', `/v1/terminal/settlements/${pre.body.id}`, undefined, { institution: other }), 404, 'settlement_not_found');

    const settled = await terminal('POST', `/v1/terminal/settlements/${pre.body.id}/settle`, undefined, { headers: { 'idempotency-key': `k-${orderId}` } });
    expect(settled.status).toBe(200);
    expect(settled.body.status).toBe('settled');
    const again = await terminal('POST', `/v1/terminal/settlements/${pre.body.id}/settle`, undefined, { headers: { 'idempotency-key': `k-${orderId}` } });
    expect(again.body).toEqual(settled.body);

    const after = (await call('GET', '/v1/accounts/me', { token })).body.balance as number;
    expect(after).toBe(before - settled.body.split.personalAccount);
    const txns = await call('GET', '/v1/accounts/me/transactions?limit=5', { token });
    expect(txns.body.transactions[0]).toMatchObject({ settlementId: pre.body.id, kind: 'settlement' });

    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const rec = await terminal('GET', `/v1/terminal/reconciliation?date=${day}`);
    expect(rec.status).toBe(200);
    expect(rec.body.settlements.map((s: { settlementId: string }) => s.settlementId)).toContain(pre.body.id);
    const check = await terminal('POST', '/v1/terminal/reconciliation', { date: day, count: rec.body.count, totals: rec.body.totals });
    expect(check.body).toMatchObject({ matched: true, differences: [] });
    expectProblem(await terminal('GET', '/v1/terminal/reconciliation?date=23-11-2026'), 400, 'invalid_request');

    // A query signed exactly as sent verifies, whichever way the client encoded it (issue 9).
    for (const query of [`institutionOrderId=${orderId}`, `institutionOrderId=${orderId.replace('-', '%2D')}`]) {
      const found = await terminal('GET', `/v1/terminal/settlements?${query}`);
      expect(found.status, query).toBe(200);
      expect(found.body.id, query).toBe(pre.body.id);
    }
    // Reserved characters reach validation (400), not a signature failure (401).
    const reserved = await terminal('GET', '/v1/terminal/settlements?institutionOrderId=RX%3A1%20a%2Bb%26c%3Dd%2F%E4%B8%AD');
    expectProblem(reserved, 400, 'invalid_request');
  });

  it('refuses bad bills by field with nothing written', async () => {
    const token = await claimed(2, 'api-term-3');
    const { body: code } = await call('POST', '/v1/cards/me/codes', { token });
    const neg = await terminal('POST', '/v1/terminal/settlements', { code: code.code, institutionOrderId: `neg-${Date.now()}`, items: [{ ...items[0], unitPrice: -5 }] });
    expectProblem(neg, 400, 'invalid_bill');
    expect(neg.body.errors[0].field).toBe('items.0.unitPrice');
    expectProblem(await terminal('POST', '/v1/terminal/settlements', { code: code.code, institutionOrderId: `e-${Date.now()}`, items: [] }), 400, 'invalid_request');
    const ok = await terminal('POST', '/v1/terminal/code-verifications', { code: code.code, businessType: 'payment' });
    expect(ok.status).toBe(200);
  });
});

describe('the terminal API through the SDK', () => {
  it('typed answers: a code verified, a bill pre-settled, read back and cancelled, the day reconciled', async () => {
    const token = await claimed(3, 'api-term-sdk');
    const pharmacy = createEsscClient({
      baseUrl: apiUrl(),
      signer: { institutionId: DEMO_PHARMACY.id, key: { algorithm: 'HMAC-SHA256', secret: DEMO_PHARMACY.secret } },
      fetch: documentedFetch,
    });
    // The answers' types come from the OpenAPI document: these lines do not compile if it loses them.
    const first = (await call('POST', '/v1/cards/me/codes', { token })).body.code as string;
    const verified = dataOf(await pharmacy.POST('/v1/terminal/code-verifications', { body: { code: first, businessType: '01301' } }));
    expect(verified.patientRef).toMatch(/^pr_/);
    expect(verified.useType).toEqual({ businessType: 'payment', name: '门诊结算' });

    const second = (await call('POST', '/v1/cards/me/codes', { token })).body.code as string;
    const institutionOrderId = `api-sdk-${Date.now()}`;
    const opened = dataOf(await pharmacy.POST('/v1/terminal/settlements', { body: { code: second, institutionOrderId, items } }));
    const { total, pooledFund, personalAccount, familyAccount, cash } = opened.split;
    expect({ status: opened.status, total, sum: pooledFund + personalAccount + familyAccount + cash }).toEqual({ status: 'awaiting_confirmation', total: 3990, sum: 3990 });
    const found = dataOf(await pharmacy.GET('/v1/terminal/settlements', { params: { query: { institutionOrderId } } }));
    expect(found.id).toBe(opened.id);
    const cancelled = dataOf(await pharmacy.POST('/v1/terminal/settlements/{id}/cancel', { params: { path: { id: opened.id } } }));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelledAt).toBeDefined();

    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const reconciled = dataOf(await pharmacy.GET('/v1/terminal/reconciliation', { params: { query: { date: day } } }));
    expect(reconciled.count).toBe(reconciled.settlements.length);
    expect(reconciled.settlements.map((s) => s.settlementId)).not.toContain(opened.id);
  });
});
