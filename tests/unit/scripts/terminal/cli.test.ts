import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../../functions/core/signing/signature.rules.js';
import { SAMPLE_ITEMS } from '../../../../scripts/terminal/bill.js';
import { runCommand, UsageError } from '../../../../scripts/terminal/cli.js';
import { TerminalClient } from '../../../../scripts/terminal/client.js';

const SECRET = 'cli-test-secret-0123456789';

function setup() {
  const sent: { method: string; path: string; key: string | null; body: any; ok: boolean }[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const h = request.headers;
    const bytes = Buffer.from(await request.arrayBuffer());
    const body = bytes.length ? bytes : undefined;
    const check = verifySignature(
      SECRET,
      { method: request.method, pathWithQuery: url.pathname + url.search, timestamp: h.get('x-essc-timestamp')!, nonce: h.get('x-essc-nonce')!, body },
      h.get('x-essc-signature')!,
      Date.now() / 1000,
    );
    sent.push({ method: request.method, path: url.pathname + url.search, key: h.get('idempotency-key'), body: body ? JSON.parse(body.toString()) : undefined, ok: check.ok });
    return new Response(JSON.stringify({ echoed: true }), { status: 200 });
  }) as typeof globalThis.fetch;
  const client = new TerminalClient({ apiUrl: 'http://api.test', institutionId: 'demo-pharmacy', secret: SECRET, fetch });
  const notes: string[] = [];
  const run = (...argv: string[]) => runCommand(client, argv, (l) => notes.push(l));
  return { sent, notes, run };
}

describe('terminal CLI', () => {
  it('verify joins a code given in groups and takes an optional business type', async () => {
    const { sent, run } = setup();
    expect(await run('verify', '8812', '3456', '7890', '1234', '5678', 'payment')).toEqual({ status: 200, body: { echoed: true } });
    await run('verify', '8812 3456 7890 1234 5678');
    expect(sent.map((s) => s.body)).toEqual([
      { code: '88123456789012345678', businessType: 'payment' },
      { code: '88123456789012345678', businessType: 'query' },
    ]);
    expect(sent.every((s) => s.ok)).toBe(true);
  });

  it('presettle builds the bill from --item (yuan → fen) or the sample bill', async () => {
    const { sent, notes, run } = setup();
    await run('presettle', '88123456789012345678', '--item', '阿莫西林胶囊,A,2,15.5', '--item=维生素C,C,1,8.90,VC1', '--order', 'ORDER-1');
    await run('presettle', '88123456789012345678');
    expect(sent[0]!.body).toEqual({
      code: '88123456789012345678',
      institutionOrderId: 'ORDER-1',
      items: [
        { code: 'A0001', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 1550 },
        { code: 'VC1', name: '维生素C', class: 'C', quantity: 1, unitPrice: 890 },
      ],
    });
    expect(sent[1]!.body.items).toEqual(SAMPLE_ITEMS);
    expect(sent[1]!.body.institutionOrderId).toMatch(/^POS-\d{8}-\d{6}-[0-9A-F]{6}$/);
    expect(notes).toContain('institutionOrderId: ORDER-1');
    expect(sent.every((s) => s.ok && s.path === '/v1/terminal/settlements')).toBe(true);
  });

  it('settle and reverse send an Idempotency-Key (a new one, or --key to retry); cancel and reconcile', async () => {
    const { sent, notes, run } = setup();
    await run('settle', 'st_1');
    await run('settle', 'st_1', '--key', 'retry-key-0001');
    await run('reverse', 'st_1');
    await run('cancel', 'st_2');
    await run('reconcile', '2026-11-23');
    await run('reconcile', '2026-11-23', '--check', '2,3990,2000,1000,990');
    await run('reconcile', '2026-11-23', '--check', '1,5000,0,1000,1000,3000');
    expect(sent[5]!.body).toEqual({ date: '2026-11-23', count: 2, totals: { total: 3990, pooledFund: 2000, personalAccount: 1000, familyAccount: 0, cash: 990 } });
    expect(sent[6]!.body).toEqual({ date: '2026-11-23', count: 1, totals: { total: 5000, pooledFund: 0, personalAccount: 1000, familyAccount: 3000, cash: 1000 } });
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /v1/terminal/settlements/st_1/settle',
      'POST /v1/terminal/settlements/st_1/settle',
      'POST /v1/terminal/settlements/st_1/reversal',
      'POST /v1/terminal/settlements/st_2/cancel',
      'GET /v1/terminal/reconciliation?date=2026-11-23',
      'POST /v1/terminal/reconciliation',
      'POST /v1/terminal/reconciliation',
    ]);
    expect(sent[0]!.key).toMatch(/^pos-[0-9a-f]{24}$/);
    expect(sent[1]!.key).toBe('retry-key-0001');
    expect(sent[2]!.key).toMatch(/^pos-[0-9a-f]{24}$/);
    expect(sent[3]!.key).toBeNull();
    expect(notes[0]).toContain(sent[0]!.key!);
    expect(sent.every((s) => s.ok)).toBe(true);
  });

  it('refuses bad usage before calling the API', async () => {
    const { sent, run } = setup();
    for (const argv of [[], ['frobnicate'], ['verify'], ['presettle'], ['presettle', '1', '--item', 'x,D,1,1'], ['presettle', '1', '--colour', 'red'], ['settle'], ['settle', 'a', 'b'], ['reconcile', '23/11/2026'], ['reconcile', '2026-11-23', '--check', '1,2,3']]) {
      await expect(run(...argv), argv.join(' ')).rejects.toBeInstanceOf(UsageError);
    }
    expect(sent).toHaveLength(0);
  });

  it('pushes a bill to a patientRef, reads and withdraws it, refunds with an Idempotency-Key, all signed', async () => {
    const { sent, notes, run } = setup();
    await run('push-bill', 'pr_abcdefghijklmnop', '--item', '自费检查,C,1,600.00,C9001', '--order', 'ord-1', '--kind', 'outpatient');
    await run('bill', 'bl_1');
    await run('withdraw-bill', 'bl_1');
    await run('refund', 'bl_2', 'cash', '--key', 'refund-key-0001');
    await run('refund', 'bl_2', 'all');
    expect(sent.map((x) => `${x.method} ${x.path}`)).toEqual([
      'POST /v1/terminal/bills',
      'GET /v1/terminal/bills/bl_1',
      'DELETE /v1/terminal/bills/bl_1',
      'POST /v1/terminal/bills/bl_2/refunds',
      'POST /v1/terminal/bills/bl_2/refunds',
    ]);
    expect(sent[0]!.body).toEqual({ patientRef: 'pr_abcdefghijklmnop', institutionOrderId: 'ord-1', kind: 'outpatient', items: [{ name: '自费检查', class: 'C', quantity: 1, unitPrice: 60_000, code: 'C9001' }] });
    expect(sent[3]).toMatchObject({ key: 'refund-key-0001', body: { kind: 'cash' } });
    expect(sent[4]!.key).toMatch(/^pos-[0-9a-f]{24}$/);
    expect(notes.some((n) => n.includes(sent[4]!.key!))).toBe(true);
    expect(sent.every((x) => x.ok)).toBe(true);
    for (const argv of [['push-bill'], ['push-bill', 'pr_x', '--kind', 'dental'], ['refund', 'bl_1'], ['refund', 'bl_1', 'half'], ['bill']]) {
      await expect(run(...argv), argv.join(' ')).rejects.toBeInstanceOf(UsageError);
    }
    expect(sent).toHaveLength(5);
  });
});
