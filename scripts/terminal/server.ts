/**
 * The pharmacy terminal simulator (issue 3, item 7): a POS web page for the cashier and
 * a JSON proxy under /pos/* that signs each call with the institution's secret and
 * forwards it to the Terminal API. The secret stays in this process; the page only
 * ever talks to /pos/*.
 *
 *   GET  /                              the POS page (pos.html, zh-CN, inline JS/CSS)
 *   GET  /pos/health                    {status: "ok", institutionId}
 *   GET  /pos/config                    {institutionId, apiUrl, title, today}
 *   POST /pos/verify                    {code, businessType}           → code-verifications
 *   POST /pos/presettle                 {code, institutionOrderId, items} → settlements
 *   POST /pos/settle                    {id, idempotencyKey}           → settlements/{id}/settle
 *   POST /pos/cancel                    {id}                           → settlements/{id}/cancel
 *   POST /pos/reverse                   {id, idempotencyKey}           → settlements/{id}/reversal
 *   GET  /pos/settlement?id=            the settlement's status          → get settlement
 *   GET  /pos/reconciliation?date=      (today in China by default)    → reconciliation
 *   POST /pos/reconciliation            {date, count, totals}          → reconciliation check
 *   POST /pos/bills                     {patientRef, institutionOrderId, items, kind?} → bills (push)
 *   GET  /pos/bill?id=                  the pushed bill's status         → get bill
 *   POST /pos/bill-refund               {id, kind, idempotencyKey}     → bills/{id}/refunds
 *   POST /pos/bill-withdrawal           {id}                           → DELETE bills/{id}
 *
 * Each /pos/* answer relays the API's status and JSON body as they came (problem+json
 * included). No answer from the API is a 502 `api_unreachable` or 504 `api_timeout`.
 * POSTs must be application/json and, when the browser names an Origin, same-origin:
 * another site open in the cashier's browser can't drive the till.
 *
 * Run directly: `npx tsx scripts/terminal/server.ts` (API_URL, TERMINAL_PORT,
 * TERMINAL_HOST, TERMINAL_INSTITUTION_ID, TERMINAL_SECRET; defaults: defaults.ts).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkSameOrigin, closeOnSignal, exitUnlessPort, fillTemplate, HttpProblem, noAnswerProblem, readJsonObject, startPageServer } from '../lib/pageServer.js';
import { chinaDate, newIdempotencyKey } from './bill.js';
import { TerminalClient, TerminalNetworkError, type BusinessType } from './client.js';
import { DEFAULT_TERMINAL_HOST, DEFAULT_TERMINAL_PORT, DEMO_PHARMACY, terminalEnv } from './defaults.js';

export interface TerminalSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 10088; 0 picks a free port. */
  port?: number;
  apiUrl: string;
  institutionId: string;
  secret: string;
  /** The page's heading; default 「演示大药房 收银台」. */
  title?: string;
  /** The fetch the TerminalClient uses (tests). */
  fetch?: typeof globalThis.fetch;
  /** One line per /pos/* call. */
  log?: (line: string) => void;
}

export interface TerminalSimulator {
  /** The page's origin, without a trailing slash: http://127.0.0.1:10088 */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Same as close() (the stack's other servers stop()). */
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const SETTLEMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
const PAGE_TEMPLATE = readFileSync(fileURLToPath(new URL('./pos.html', import.meta.url)), 'utf8');

export function renderPage(opts: { title: string; institutionId: string; apiUrl: string; nonce: string }): string {
  return fillTemplate(PAGE_TEMPLATE, { TITLE: opts.title, INSTITUTION: opts.institutionId, API_URL: opts.apiUrl }, opts.nonce);
}

const readJson = (req: IncomingMessage) => readJsonObject(req, { maxBytes: MAX_BODY_BYTES, emptyIsObject: false });

function settlementId(body: Record<string, unknown>): string {
  const id = body.id;
  if (typeof id !== 'string' || !SETTLEMENT_ID.test(id)) {
    throw new HttpProblem(400, 'invalid_input', '请提供结算单号。', [{ field: 'id', message: 'a settlement id is required' }]);
  }
  return id;
}

function keyOf(body: Record<string, unknown>): string {
  return typeof body.idempotencyKey === 'string' && body.idempotencyKey !== '' ? body.idempotencyKey : newIdempotencyKey();
}

export async function startTerminalSimulator(opts: TerminalSimulatorOptions): Promise<TerminalSimulator> {
  const host = opts.host ?? DEFAULT_TERMINAL_HOST;
  const title = opts.title ?? DEMO_PHARMACY.title;
  const client = new TerminalClient({ apiUrl: opts.apiUrl, institutionId: opts.institutionId, secret: opts.secret, fetch: opts.fetch });

  async function api(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const route = `${req.method} ${url.pathname}`;
    const post = async () => {
      checkSameOrigin(req, 'the POS page');
      return readJson(req);
    };
    switch (route) {
      case 'GET /pos/health':
        return { status: 200, body: { status: 'ok', institutionId: opts.institutionId } };
      case 'GET /pos/config':
        return { status: 200, body: { institutionId: opts.institutionId, apiUrl: opts.apiUrl, title, today: chinaDate() } };
      case 'POST /pos/verify': {
        const b = await post();
        return client.verifyCode(String(b.code ?? ''), b.businessType as BusinessType);
      }
      case 'POST /pos/presettle': {
        const b = await post();
        return client.preSettle({ code: String(b.code ?? ''), institutionOrderId: b.institutionOrderId as string, items: b.items as never });
      }
      case 'POST /pos/settle': {
        const b = await post();
        const key = keyOf(b);
        return { ...(await client.settle(settlementId(b), key)), headers: { 'idempotency-key': key } };
      }
      case 'POST /pos/cancel':
        return client.cancel(settlementId(await post()));
      case 'POST /pos/reverse': {
        const b = await post();
        const key = keyOf(b);
        return { ...(await client.reverse(settlementId(b), key)), headers: { 'idempotency-key': key } };
      }
      case 'GET /pos/settlement':
        return client.getSettlement(url.searchParams.get('id') ?? '');
      case 'GET /pos/reconciliation':
        return client.reconciliation(url.searchParams.get('date') || chinaDate());
      case 'POST /pos/reconciliation': {
        const b = await post();
        return client.checkReconciliation(b as never);
      }
      case 'POST /pos/bills': {
        const b = await post();
        const kind = b.kind === 'outpatient' || b.kind === 'inpatient' ? b.kind : 'pharmacy';
        return client.pushBill({ patientRef: String(b.patientRef ?? ''), institutionOrderId: b.institutionOrderId as string, kind, items: b.items as never });
      }
      case 'GET /pos/bill':
        return client.getBill(url.searchParams.get('id') ?? '');
      case 'POST /pos/bill-refund': {
        const b = await post();
        const key = keyOf(b);
        const kind = b.kind === 'cash' || b.kind === 'insurance' ? b.kind : 'all';
        return { ...(await client.refundBill(settlementId(b), kind, key)), headers: { 'idempotency-key': key } };
      }
      case 'POST /pos/bill-withdrawal':
        return client.withdrawBill(settlementId(await post()));
      default: {
        const known = ['/pos/health', '/pos/config', '/pos/settlement', '/pos/bill', '/pos/verify', '/pos/presettle', '/pos/settle', '/pos/cancel', '/pos/reverse', '/pos/reconciliation', '/pos/bills', '/pos/bill-refund', '/pos/bill-withdrawal'];
        if (known.includes(url.pathname)) {
          const allow = url.pathname === '/pos/reconciliation' ? 'GET, POST' : ['/pos/health', '/pos/config', '/pos/settlement', '/pos/bill'].includes(url.pathname) ? 'GET' : 'POST';
          throw new HttpProblem(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow });
        }
        throw new HttpProblem(404, 'not_found', `No such endpoint: ${url.pathname}`);
      }
    }
  }

  const server = await startPageServer({
    host,
    port: opts.port ?? DEFAULT_TERMINAL_PORT,
    name: 'terminal',
    page: (nonce) => renderPage({ title, institutionId: opts.institutionId, apiUrl: opts.apiUrl, nonce }),
    route: api,
    toProblem: (err) =>
      err instanceof TerminalNetworkError
        ? noAnswerProblem(err, '医保平台')
        : new HttpProblem(500, 'internal_error', `终端模拟器内部错误：${(err as Error)?.message ?? err}`),
    log: opts.log,
  });
  return { url: server.url, port: server.port, close: server.close, stop: server.close };
}

async function main(): Promise<void> {
  const env = terminalEnv();
  exitUnlessPort(env.port, 'TERMINAL_PORT');
  const sim = await startTerminalSimulator({ ...env, log: (line) => console.log(line) });
  console.log(`终端模拟器（${env.institutionId}）→ ${env.apiUrl}`);
  console.log(`POS: ${sim.url}`);
  closeOnSignal(sim);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
