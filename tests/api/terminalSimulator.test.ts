/**
 * The terminal simulator (scripts/terminal) against the real signed Terminal API of the
 * test stack: its /pos/* proxy verifies, pre-settles, settles (409 until the holder
 * confirms; one Idempotency-Key per settlement), reverses and reconciles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleFor } from '../support/people.js';
import { SAMPLE_ITEMS, chinaDate, newIdempotencyKey, newOrderId } from '../../scripts/terminal/bill.js';
import { DEMO_PHARMACY } from '../../scripts/terminal/defaults.js';
import { startTerminalSimulator, type TerminalSimulator } from '../../scripts/terminal/server.js';
import { apiUrl, call, claimOverHttp } from './client.js';

const people = peopleFor(import.meta.url);
const PIN = '246813';
let sim: TerminalSimulator;
/** One holder for the whole file (a claim is the slowest call of the stack). */
let token: string;

beforeAll(async () => {
  sim = await startTerminalSimulator({ host: '127.0.0.1', port: 0, apiUrl: apiUrl(), institutionId: DEMO_PHARMACY.id, secret: DEMO_PHARMACY.secret });
  token = await claimed(0, 'api-pos-sim-1');
});

afterAll(async () => {
  await sim?.close();
});

async function claimed(i: number, user: string): Promise<string> {
  return (await claimOverHttp(user, people.claimable(i), PIN)).token;
}

async function newCode(token: string): Promise<string> {
  const res = await call('POST', '/v1/cards/me/codes', { token });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.code as string;
}

async function pos(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(sim.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('terminal simulator against the Terminal API', () => {
  it('serves the POS page without the secret', async () => {
    const html = await (await fetch(sim.url + '/')).text();
    expect(html).toContain('id="pos-presettle"');
    expect(html).not.toContain(DEMO_PHARMACY.secret);
  });

  it('verifies a pasted code, pre-settles, settles after the holder confirms, reverses and reconciles', async () => {
    const before = (await call('GET', '/v1/accounts/me', { token })).body.balance as number;

    // A pasted code with spaces is verified (and consumed).
    const shown = (await newCode(token)).replace(/(\d{4})(?=\d)/g, '$1 ');
    const verified = await pos('POST', '/pos/verify', { code: shown, businessType: 'query' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'normal', maskedIdNumber: expect.stringMatching(/^\d{4}\*{10}/) });
    const reused = await pos('POST', '/pos/verify', { code: shown, businessType: 'query' });
    expect(reused).toMatchObject({ status: 422, body: { code: 'code_used', detail: expect.any(String) } });

    const orderId = newOrderId();
    const pre = await pos('POST', '/pos/presettle', { code: await newCode(token), institutionOrderId: orderId, items: SAMPLE_ITEMS });
    expect(pre.status).toBe(201);
    expect(pre.body).toMatchObject({ status: 'awaiting_confirmation', institutionOrderId: orderId, split: { total: 2 * 1550 + 2380 + 890 } });
    const id = pre.body.id as string;

    const key = newIdempotencyKey();
    const early = await pos('POST', '/pos/settle', { id, idempotencyKey: key });
    expect(early).toMatchObject({ status: 409, body: { code: 'not_confirmed' } });

    const confirmed = await call('POST', `/v1/settlements/${id}/confirmation`, { token, body: { pin: PIN } });
    expect(confirmed.body.settlement?.status).toBe('confirmed');

    // The same key retried after the 409 settles once; a second click replays the answer.
    const settled = await pos('POST', '/pos/settle', { id, idempotencyKey: key });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id, status: 'settled', settledAt: expect.any(String) });
    const { split } = settled.body;
    expect(split.pooledFund + split.personalAccount + split.cash).toBe(split.total);
    expect(await pos('POST', '/pos/settle', { id, idempotencyKey: key })).toEqual(settled);
    expect((await call('GET', '/v1/accounts/me', { token })).body.balance).toBe(before - split.personalAccount);

    const reverseKey = newIdempotencyKey();
    const reversed = await pos('POST', '/pos/reverse', { id, idempotencyKey: reverseKey });
    expect(reversed).toMatchObject({ status: 200, body: { id, status: 'reversed' } });
    expect(await pos('POST', '/pos/reverse', { id, idempotencyKey: newIdempotencyKey() })).toMatchObject({ status: 409, body: { code: 'settlement_reversed' } });
    expect((await call('GET', '/v1/accounts/me', { token })).body.balance).toBe(before);

    // Reconciliation: the day has this settlement and its reversal; the platform's own
    // figures match, figures one settlement short do not.
    const day = chinaDate();
    const rec = await pos('GET', `/pos/reconciliation?date=${day}`);
    expect(rec.status).toBe(200);
    const mine = rec.body.settlements.filter((e: { settlementId: string }) => e.settlementId === id);
    expect(mine.map((e: { kind: string }) => e.kind).sort()).toEqual(['reversal', 'settlement']);
    const matched = await pos('POST', '/pos/reconciliation', { date: day, count: rec.body.count, totals: rec.body.totals });
    expect(matched.body).toMatchObject({ matched: true, differences: [] });
    const short = await pos('POST', '/pos/reconciliation', {
      date: day,
      count: rec.body.count - 1,
      totals: { ...rec.body.totals, total: rec.body.totals.total - split.total },
    });
    expect(short.body.matched).toBe(false);
    expect(short.body.differences.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['count', 'totals.total']));
  });

  it('cancels a pre-settlement before it is settled', async () => {
    const pre = await pos('POST', '/pos/presettle', { code: await newCode(token), institutionOrderId: newOrderId(), items: SAMPLE_ITEMS });
    expect(pre.status).toBe(201);
    const cancelled = await pos('POST', '/pos/cancel', { id: pre.body.id });
    expect(cancelled).toMatchObject({ status: 200, body: { id: pre.body.id, status: 'cancelled' } });
    expect(await pos('POST', '/pos/settle', { id: pre.body.id, idempotencyKey: newIdempotencyKey() })).toMatchObject({
      status: 409,
      body: { code: 'settlement_cancelled' },
    });
  });
});
