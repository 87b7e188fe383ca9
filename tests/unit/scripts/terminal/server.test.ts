import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTerminalSimulator, type TerminalSimulator } from '../../../../scripts/terminal/server.js';
import { BAD_SIGNATURE, startSignedApiStub, type Received, type SignedApiStub, type StubAnswer } from '../../support/signedApiStub.js';

const SECRET = 'pharmacy-secret-for-the-server-test';
const INSTITUTION = 'test-pharmacy';

/** A tiny stand-in for the Terminal API: checks each signature, records, answers `reply`. */
let received: Received[] = [];
let reply: (r: Received) => StubAnswer = () => ({ status: 200, body: {} });
let api: SignedApiStub;
let apiUrl: string;
let sim: TerminalSimulator;

beforeAll(async () => {
  api = await startSignedApiStub(SECRET, (r) => {
    received.push(r);
    return r.signature.ok ? reply(r) : BAD_SIGNATURE;
  });
  apiUrl = api.url;
  sim = await startTerminalSimulator({ host: '127.0.0.1', port: 0, apiUrl, institutionId: INSTITUTION, secret: SECRET });
});

afterAll(async () => {
  await sim?.close();
  await api?.close();
});

beforeEach(() => {
  received = [];
  reply = () => ({ status: 200, body: {} });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const items = [
  { code: 'A0101', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 1550 },
  { code: 'C0312', name: '维生素C咀嚼片', class: 'C', quantity: 1, unitPrice: 890 },
];

describe('terminal simulator page', () => {
  it('listens on a free port and serves the POS page with its ids, without the secret', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.port).toBeGreaterThan(0);
    const res = await fetch(sim.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('演示大药房 收银台');
    for (const id of ['pos-code', 'pos-business-type', 'pos-items', 'pos-order-id', 'pos-verify', 'pos-presettle', 'pos-settle', 'pos-cancel', 'pos-reverse', 'pos-reconcile', 'pos-status', 'pos-error']) {
      expect(html, id).toContain(`id="${id}"`);
    }
    expect(html).toContain('data-status=""');
    expect(html).toContain('data-settlement-id=""');
    expect(html).toContain('pos-item');
    expect(html).not.toContain(SECRET);
    expect(html).not.toMatch(/\{\{[A-Z_]+\}\}/);
    // The script's nonce is the header's and changes per response.
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1]!;
    expect(html).toContain(`<script nonce="${nonce}">`);
    const again = await fetch(sim.url + '/');
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('never hands out the secret through /pos/* either', async () => {
    const config = await fetch(sim.url + '/pos/config');
    expect(config.status).toBe(200);
    const text = await config.text();
    expect(JSON.parse(text)).toMatchObject({ institutionId: INSTITUTION, apiUrl, today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(text).not.toContain(SECRET);
    expect(await (await fetch(sim.url + '/pos/health')).json()).toEqual({ status: 'ok', institutionId: INSTITUTION });
  });
});

describe('terminal simulator proxy', () => {
  it('POST /pos/presettle forwards a correctly signed request and relays the answer', async () => {
    const answer = { id: 'st_123', status: 'awaiting_confirmation', institutionOrderId: 'POS-1', split: { total: 3990, pooledFund: 2000, personalAccount: 1000, cash: 990 } };
    reply = () => ({ status: 201, body: answer });
    const res = await post('/pos/presettle', { code: '8812 3456 7890 1234 5678', institutionOrderId: 'POS-1', items });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual(answer);

    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.signature).toEqual({ ok: true });
    expect(r.method).toBe('POST');
    expect(r.pathWithQuery).toBe('/v1/terminal/settlements');
    expect(r.headers['x-essc-institution']).toBe(INSTITUTION);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body.toString('utf8'))).toEqual({ code: '88123456789012345678', institutionOrderId: 'POS-1', items });
  });

  it('relays a problem with its status and content type', async () => {
    const problem = { type: 'https://essc.dev/problems/code_used', title: 'Unprocessable Content', status: 422, detail: '该动态码已使用。', code: 'code_used' };
    reply = () => ({ status: 422, body: problem });
    const res = await post('/pos/verify', { code: '88123456789012345678', businessType: 'query' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toEqual(problem);
    expect(received[0]!.signature.ok).toBe(true);
    expect(JSON.parse(received[0]!.body.toString())).toEqual({ code: '88123456789012345678', businessType: 'query' });
  });

  it('forwards settle and reverse with the page\'s Idempotency-Key, cancel without a body', async () => {
    reply = (r) => ({ status: 200, body: { id: 'st_9', status: r.pathWithQuery.endsWith('/settle') ? 'settled' : r.pathWithQuery.endsWith('/cancel') ? 'cancelled' : 'reversed' } });
    expect((await post('/pos/settle', { id: 'st_9', idempotencyKey: 'pos-key-settle-1' })).status).toBe(200);
    expect((await post('/pos/settle', { id: 'st_9', idempotencyKey: 'pos-key-settle-1' })).status).toBe(200);
    expect(await (await post('/pos/reverse', { id: 'st_9', idempotencyKey: 'pos-key-reverse-1' })).json()).toEqual({ id: 'st_9', status: 'reversed' });
    expect(await (await post('/pos/cancel', { id: 'st_9' })).json()).toEqual({ id: 'st_9', status: 'cancelled' });
    expect(received.map((r) => [r.pathWithQuery, r.headers['idempotency-key'], r.body.length, r.signature.ok])).toEqual([
      ['/v1/terminal/settlements/st_9/settle', 'pos-key-settle-1', 0, true],
      ['/v1/terminal/settlements/st_9/settle', 'pos-key-settle-1', 0, true],
      ['/v1/terminal/settlements/st_9/reversal', 'pos-key-reverse-1', 0, true],
      ['/v1/terminal/settlements/st_9/cancel', undefined, 0, true],
    ]);
    // Two forwards of one retry carry different nonces: the API sees a retry, not a replay.
    expect(received[0]!.headers['x-essc-nonce']).not.toBe(received[1]!.headers['x-essc-nonce']);
  });

  it('makes up an Idempotency-Key when none is given and says which', async () => {
    reply = () => ({ status: 200, body: { id: 'st_9', status: 'settled' } });
    const res = await post('/pos/settle', { id: 'st_9' });
    expect(res.status).toBe(200);
    const key = res.headers.get('idempotency-key');
    expect(key).toMatch(/^pos-[0-9a-f]{24}$/);
    expect(received[0]!.headers['idempotency-key']).toBe(key);
  });

  it('forwards reconciliation: GET with the date, POST with the POS totals', async () => {
    reply = (r) =>
      r.method === 'GET'
        ? { status: 200, body: { date: '2026-11-23', count: 0, totals: { total: 0, pooledFund: 0, personalAccount: 0, cash: 0 }, settlements: [] } }
        : { status: 200, body: { date: '2026-11-23', matched: false, differences: [{ field: 'count', ours: 0, theirs: 1 }] } };
    const got = await fetch(sim.url + '/pos/reconciliation?date=2026-11-23');
    expect((await got.json()).count).toBe(0);
    const check = { date: '2026-11-23', count: 1, totals: { total: 3990, pooledFund: 2000, personalAccount: 1000, cash: 990 } };
    const checked = await post('/pos/reconciliation', check);
    expect((await checked.json()).matched).toBe(false);
    expect(received.map((r) => `${r.method} ${r.pathWithQuery}`)).toEqual(['GET /v1/terminal/reconciliation?date=2026-11-23', 'POST /v1/terminal/reconciliation']);
    expect(received.every((r) => r.signature.ok)).toBe(true);
    expect(JSON.parse(received[1]!.body.toString())).toEqual(check);

    // Without a date: today in China.
    await fetch(sim.url + '/pos/reconciliation');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(received[2]!.pathWithQuery).toBe(`/v1/terminal/reconciliation?date=${today}`);
  });

  it('refuses bad proxy calls itself, without calling the API', async () => {
    const cases: [Response, number, string][] = [
      [await post('/pos/settle', { idempotencyKey: 'pos-key-1' }), 400, 'invalid_input'],
      [await post('/pos/cancel', { id: '../../health' }), 400, 'invalid_input'],
      [await fetch(sim.url + '/pos/presettle', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }), 415, 'unsupported_media_type'],
      [await fetch(sim.url + '/pos/presettle', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' }), 400, 'invalid_json'],
      [await post('/pos/presettle', { code: '1' }, { origin: 'https://evil.example' }), 403, 'cross_origin'],
      [await fetch(sim.url + '/pos/settle'), 405, 'method_not_allowed'],
      [await fetch(sim.url + '/pos/nope'), 404, 'not_found'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status, code).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await res.json()).code).toBe(code);
    }
    expect(received).toHaveLength(0);
    // A same-origin browser POST is fine.
    expect((await post('/pos/cancel', { id: 'st_1' }, { origin: sim.url })).status).toBe(200);
  });

  it('answers 502 api_unreachable when the API is down', async () => {
    const down = await startTerminalSimulator({ host: '127.0.0.1', port: 0, apiUrl: 'http://127.0.0.1:9', institutionId: INSTITUTION, secret: SECRET });
    try {
      const res = await fetch(down.url + '/pos/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"1","businessType":"query"}' });
      expect(res.status).toBe(502);
      const body = await res.json();
      expect(body).toMatchObject({ status: 502, code: 'api_unreachable' });
      expect(JSON.stringify(body)).not.toContain(SECRET);
    } finally {
      await down.close();
    }
  });
});
