/**
 * The terminal client's calls: paths, bodies, Idempotency-Key and errors. How a request is
 * signed (nonces, UTF-8 bodies, prefixes, answers) is tested with the shared signer in
 * tests/unit/scripts/signedClient.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { recordingFetch, type Sent } from '../../support/fakeFetch.js';
import { NONCE_PATTERN, verifySignature } from '../../../../functions/core/signing/signature.rules.js';
import { SEED_INSTITUTIONS, SEED_KEYS } from '../../../../scripts/seed/index.js';
import { SAMPLE_ITEMS } from '../../../../scripts/terminal/bill.js';
import { TerminalClient, TerminalNetworkError, normalizeCode } from '../../../../scripts/terminal/client.js';
import { DEMO_PHARMACY } from '../../../../scripts/terminal/defaults.js';

const SECRET = 'unit-test-secret-0123456789';
const NOW_MS = Date.parse('2026-11-23T07:30:00Z');

function client(fetch: typeof globalThis.fetch, apiUrl = 'http://api.test:3000') {
  return new TerminalClient({ apiUrl, institutionId: 'pharmacy-1', secret: SECRET, fetch, now: () => NOW_MS });
}

/** Checks a recorded request's signature over exactly what was sent. */
function expectSigned(s: Sent) {
  const timestamp = s.headers.get('x-essc-timestamp')!;
  const nonce = s.headers.get('x-essc-nonce')!;
  expect(s.headers.get('x-essc-institution')).toBe('pharmacy-1');
  expect(timestamp).toBe(String(Math.floor(NOW_MS / 1000)));
  expect(nonce).toMatch(NONCE_PATTERN);
  expect(Buffer.from(nonce, 'base64url')).toHaveLength(16);
  const parts = { method: s.method, pathWithQuery: s.url.pathname + s.url.search, timestamp, nonce, body: s.body };
  expect(verifySignature(SECRET, parts, s.headers.get('x-essc-signature')!, NOW_MS / 1000)).toEqual({ ok: true });
  // …and not over anything else: another secret, path or body fails.
  expect(verifySignature('another-secret', parts, s.headers.get('x-essc-signature')!, NOW_MS / 1000).ok).toBe(false);
  expect(verifySignature(SECRET, { ...parts, pathWithQuery: parts.pathWithQuery + 'x' }, s.headers.get('x-essc-signature')!, NOW_MS / 1000).ok).toBe(false);
  expect(verifySignature(SECRET, { ...parts, body: Buffer.concat([s.body ?? Buffer.alloc(0), Buffer.from(' ')]) }, s.headers.get('x-essc-signature')!, NOW_MS / 1000).ok).toBe(false);
}

const json = (s: Sent) => JSON.parse(Buffer.from(s.body!).toString('utf8'));

describe('TerminalClient', () => {
  it('signs every call over the exact method, path with query and body it sends', async () => {
    const { fetch, sent } = recordingFetch();
    const c = client(fetch);
    await c.verifyCode('8812 3456 7890 1234 5678', 'payment');
    await c.preSettle({ code: '88123456789012345678', institutionOrderId: 'POS-1', items: [...SAMPLE_ITEMS] });
    await c.settle('st_abc', 'key-settle-0001');
    await c.cancel('st_abc');
    await c.reverse('st_abc', 'key-reverse-0001');
    await c.reconciliation('2026-11-23');
    await c.checkReconciliation({ date: '2026-11-23', count: 2, totals: { total: 100, pooledFund: 50, personalAccount: 30, cash: 20 } });

    expect(sent.map((s) => `${s.method} ${s.url.pathname}${s.url.search}`)).toEqual([
      'POST /v1/terminal/code-verifications',
      'POST /v1/terminal/settlements',
      'POST /v1/terminal/settlements/st_abc/settle',
      'POST /v1/terminal/settlements/st_abc/cancel',
      'POST /v1/terminal/settlements/st_abc/reversal',
      'GET /v1/terminal/reconciliation?date=2026-11-23',
      'POST /v1/terminal/reconciliation',
    ]);
    for (const s of sent) expectSigned(s);

    expect(json(sent[0]!)).toEqual({ code: '88123456789012345678', businessType: 'payment' });
    expect(json(sent[1]!)).toEqual({ code: '88123456789012345678', institutionOrderId: 'POS-1', items: SAMPLE_ITEMS });
    expect(json(sent[6]!)).toEqual({ date: '2026-11-23', count: 2, totals: { total: 100, pooledFund: 50, personalAccount: 30, cash: 20 } });
    for (const i of [0, 1, 6]) expect(sent[i]!.headers.get('content-type')).toBe('application/json');
    // settle, cancel, reverse and the GET carry no body (hashed as the empty string).
    for (const i of [2, 3, 4, 5]) {
      expect(sent[i]!.body).toBeUndefined();
      expect(sent[i]!.headers.get('content-type')).toBeNull();
    }
  });

  it('sends the Idempotency-Key on settle and reversal only', async () => {
    const { fetch, sent } = recordingFetch();
    const c = client(fetch);
    await c.settle('st_1', 'k-settle-000001');
    await c.reverse('st_1', 'k-reverse-00001');
    await c.cancel('st_1');
    await c.verifyCode('88123456789012345678');
    expect(sent.map((s) => s.headers.get('idempotency-key'))).toEqual(['k-settle-000001', 'k-reverse-00001', null, null]);
  });

  it('signs the full path when the API sits under a prefix, and escapes ids in the path', async () => {
    const { fetch, sent } = recordingFetch();
    const c = client(fetch, 'https://gw.example.com/essc/');
    await c.cancel('st/../x');
    await c.reconciliation('2026-01-02');
    expect(sent[0]!.url.pathname).toBe('/essc/v1/terminal/settlements/st%2F..%2Fx/cancel');
    expect(sent[1]!.url.pathname + sent[1]!.url.search).toBe('/essc/v1/terminal/reconciliation?date=2026-01-02');
    for (const s of sent) expectSigned(s);
  });

  it('throws a TerminalNetworkError only when there is no answer', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(client(down).reconciliation('2026-11-23')).rejects.toMatchObject({ name: 'TerminalNetworkError', code: 'api_unreachable' });

    const slow = ((input: Request) =>
      new Promise((_resolve, reject) => input.signal.addEventListener('abort', () => reject(input.signal.reason)))) as unknown as typeof globalThis.fetch;
    const c = new TerminalClient({ apiUrl: 'http://api.test', institutionId: 'p', secret: SECRET, fetch: slow, timeoutMs: 20 });
    const err = await c.settle('st_1', 'k-000000001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalNetworkError);
    expect((err as TerminalNetworkError).code).toBe('api_timeout');
  });

  it('normalises a scanned or pasted code', () => {
    expect(normalizeCode(' 8812 3456\t7890 1234 5678\n')).toBe('88123456789012345678');
    expect(normalizeCode('８８１２３４５６７８９０１２３４５６７８')).toBe('88123456789012345678');
  });

  it('defaults to the seeded demo pharmacy', () => {
    const seeded = SEED_INSTITUTIONS.find((i) => i.id === DEMO_PHARMACY.id);
    expect(SEED_KEYS.find((k) => k.owner.pk === `INSTITUTION#${DEMO_PHARMACY.id}`)?.secret).toBe(DEMO_PHARMACY.secret);
    expect(seeded?.kind).toBe('pharmacy');
  });
});
