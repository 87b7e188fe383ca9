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
 *
 * Each /pos/* answer relays the API's status and JSON body as they came (problem+json
 * included). No answer from the API is a 502 `api_unreachable` or 504 `api_timeout`.
 * POSTs must be application/json and, when the browser names an Origin, same-origin:
 * another site open in the cashier's browser can't drive the till.
 *
 * Run directly: `npx tsx scripts/terminal/server.ts` (API_URL, TERMINAL_PORT,
 * TERMINAL_HOST, TERMINAL_INSTITUTION_ID, TERMINAL_SECRET; defaults: defaults.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chinaDate, newIdempotencyKey } from './bill.js';
import { TerminalClient, TerminalNetworkError, type BusinessType, type TerminalResponse } from './client.js';
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

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

class PosError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors?: { field: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderPage(opts: { title: string; institutionId: string; apiUrl: string; nonce: string }): string {
  return PAGE_TEMPLATE.replaceAll('{{TITLE}}', escapeHtml(opts.title))
    .replaceAll('{{INSTITUTION}}', escapeHtml(opts.institutionId))
    .replaceAll('{{API_URL}}', escapeHtml(opts.apiUrl))
    .replaceAll('{{NONCE}}', opts.nonce);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const isProblem = status >= 400 && typeof body === 'object' && body !== null && 'code' in body;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `${isProblem ? 'application/problem+json' : 'application/json'}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function problem(err: PosError) {
  return {
    type: `https://essc.dev/problems/${err.code}`,
    title: STATUS_TEXT[err.status] ?? 'Error',
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new PosError(415, 'unsupported_media_type', 'The request body must be application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PosError(413, 'body_too_large', 'The request body is too large.');
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new PosError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PosError(400, 'invalid_input', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function settlementId(body: Record<string, unknown>): string {
  const id = body.id;
  if (typeof id !== 'string' || !SETTLEMENT_ID.test(id)) {
    throw new PosError(400, 'invalid_input', '请提供结算单号。', [{ field: 'id', message: 'a settlement id is required' }]);
  }
  return id;
}

function keyOf(body: Record<string, unknown>): string {
  return typeof body.idempotencyKey === 'string' && body.idempotencyKey !== '' ? body.idempotencyKey : newIdempotencyKey();
}

/** Refuses a POST another site's page made from the cashier's browser. */
function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (!origin) return; // not a browser, or a same-origin GET
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) throw new PosError(403, 'cross_origin', 'Requests must come from the POS page itself.');
}

export async function startTerminalSimulator(opts: TerminalSimulatorOptions): Promise<TerminalSimulator> {
  const host = opts.host ?? DEFAULT_TERMINAL_HOST;
  const title = opts.title ?? DEMO_PHARMACY.title;
  const client = new TerminalClient({ apiUrl: opts.apiUrl, institutionId: opts.institutionId, secret: opts.secret, fetch: opts.fetch });

  async function api(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const route = `${req.method} ${url.pathname}`;
    const post = async () => {
      checkOrigin(req);
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
      default: {
        const known = ['/pos/health', '/pos/config', '/pos/settlement', '/pos/verify', '/pos/presettle', '/pos/settle', '/pos/cancel', '/pos/reverse', '/pos/reconciliation'];
        if (known.includes(url.pathname)) {
          const allow = url.pathname === '/pos/reconciliation' ? 'GET, POST' : ['/pos/health', '/pos/config', '/pos/settlement'].includes(url.pathname) ? 'GET' : 'POST';
          throw new PosError(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow });
        }
        throw new PosError(404, 'not_found', `No such endpoint: ${url.pathname}`);
      }
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pos.invalid');
    if ((req.method === 'GET' || req.method === 'HEAD') && (url.pathname === '/' || url.pathname === '/index.html')) {
      const nonce = randomBytes(16).toString('base64');
      const html = renderPage({ title, institutionId: opts.institutionId, apiUrl: opts.apiUrl, nonce });
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        'content-length': Buffer.byteLength(html),
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const started = Date.now();
    api(req, url)
      .then(
        (r: TerminalResponse & { headers?: Record<string, string> }) => {
          send(res, r.status, r.body, r.headers);
          opts.log?.(`[terminal] ${req.method} ${url.pathname} → ${r.status} (${Date.now() - started} ms)`);
        },
        (err: unknown) => {
          let e: PosError;
          if (err instanceof PosError) e = err;
          else if (err instanceof TerminalNetworkError) {
            e = new PosError(err.code === 'api_timeout' ? 504 : 502, err.code, `${err.code === 'api_timeout' ? '医保平台无应答' : '无法连接医保平台'}：${err.message}`);
          } else {
            e = new PosError(500, 'internal_error', `终端模拟器内部错误：${(err as Error)?.message ?? err}`);
          }
          send(res, e.status, problem(e), e.headers);
          opts.log?.(`[terminal] ${req.method} ${url.pathname} → ${e.status} ${e.code}`);
        },
      )
      .catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_TERMINAL_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }));
  return { url: `http://${urlHost}:${port}`, port, close, stop: close };
}

async function main(): Promise<void> {
  const env = terminalEnv();
  if (!Number.isInteger(env.port) || env.port < 0 || env.port > 65_535) {
    console.error(`TERMINAL_PORT must be a port number, not ${process.env.TERMINAL_PORT}`);
    process.exit(2);
  }
  const sim = await startTerminalSimulator({ ...env, log: (line) => console.log(line) });
  console.log(`终端模拟器（${env.institutionId}）→ ${env.apiUrl}`);
  console.log(`POS: ${sim.url}`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      sim.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
