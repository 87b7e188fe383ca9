/**
 * The plumbing the local page servers share (the pharmacy POS simulator,
 * scripts/terminal/server.ts, and the demo portal, scripts/portal/server.ts): one HTML page
 * at / with a nonce-based CSP, JSON answers everywhere else, errors as problem+json, request
 * bodies read with a size limit, same-origin POSTs, the listen/close lifecycle, and
 * running one directly until SIGINT/SIGTERM. Each server keeps its own routes, limits and
 * wording; this module only carries them.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** An error the client is told about: its status, a problem code and a detail for the page to show. */
export class HttpProblem extends Error {
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

/** No answer from essc: a 504 `api_timeout` or a 502 `api_unreachable`, naming the platform that did not answer. */
export function noAnswerProblem(err: { code: 'api_unreachable' | 'api_timeout'; message: string }, platform: string): HttpProblem {
  const timedOut = err.code === 'api_timeout';
  return new HttpProblem(timedOut ? 504 : 502, err.code, `${timedOut ? `${platform}无应答` : `无法连接${platform}`}：${err.message}`);
}

/** The problem+json body of an HttpProblem. */
export function problemBody(err: HttpProblem) {
  return {
    type: `https://essc.dev/problems/${err.code}`,
    title: STATUS_TEXT[err.status] ?? 'Error',
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A page template with each `{{KEY}}` of `texts` replaced (in order) by its HTML-escaped text, and `{{NONCE}}` by the nonce. */
export function fillTemplate(template: string, texts: Record<string, string>, nonce: string): string {
  let html = template;
  for (const [key, text] of Object.entries(texts)) html = html.replaceAll(`{{${key}}}`, escapeHtml(text));
  return html.replaceAll('{{NONCE}}', nonce);
}

/** The request body as text: refused (415) unless its content-type matches `type`, and (413) past `maxBytes`. */
export async function readBody(req: IncomingMessage, opts: { type: RegExp; typeName: string; maxBytes: number }): Promise<string> {
  if (!opts.type.test(req.headers['content-type'] ?? '')) {
    throw new HttpProblem(415, 'unsupported_media_type', `The request body must be ${opts.typeName}.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > opts.maxBytes) throw new HttpProblem(413, 'body_too_large', 'The request body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An application/json body that must be a JSON object. An empty body reads as `{}` when
 * `emptyIsObject`, else it is refused like any other non-object.
 */
export async function readJsonObject(
  req: IncomingMessage,
  opts: { maxBytes: number; emptyIsObject: boolean },
): Promise<Record<string, unknown>> {
  const text = await readBody(req, { type: /^application\/json\b/i, typeName: 'application/json', maxBytes: opts.maxBytes });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text || (opts.emptyIsObject ? '{}' : 'null'));
  } catch {
    throw new HttpProblem(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpProblem(400, 'invalid_input', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Refuses (403 `cross_origin`) a request another site's page made from the visitor's
 * browser. No Origin: not a browser, or a same-origin GET. `page` names the page in the
 * message, e.g. "the POS page".
 */
export function checkSameOrigin(req: IncomingMessage, page: string): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) throw new HttpProblem(403, 'cross_origin', `Requests must come from ${page} itself.`);
}

/** What a route answers: a status and a JSON body (none: an empty answer, e.g. 204). */
export interface JsonAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, { 'cache-control': 'no-store', ...headers });
    res.end();
    return;
  }
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

/** The page, with a fresh nonce that the CSP allows its inline script (and nothing else) to run under. */
function sendPage(req: IncomingMessage, res: ServerResponse, render: (nonce: string) => string, frameSrc: string[] = []): void {
  const nonce = randomBytes(16).toString('base64');
  const html = render(nonce);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'${frameSrc.length ? `; frame-src ${frameSrc.join(' ')}` : ''}`,
    'content-length': Buffer.byteLength(html),
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

export interface PageServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Names the server in log lines: `[portal] GET /api/health → 200 (2 ms)`. */
  name: string;
  /** Origins the page may frame (the demo bank embeds the H5 card); none by default. */
  frameSrc?: string[];
  /** The HTML page at / and /index.html (GET and HEAD), given the nonce of its inline script. */
  page(nonce: string): string;
  /** Every other request but /favicon.ico: an answer, or a throw (an HttpProblem, or what `toProblem` makes one). */
  route(req: IncomingMessage, url: URL): Promise<JsonAnswer>;
  /** An error `route` threw that is not an HttpProblem, as one (no answer from essc, else a 500). */
  toProblem(err: unknown): HttpProblem;
  log?: (line: string) => void;
}

export interface PageServer {
  /** The origin, without a trailing slash: http://127.0.0.1:10088 */
  url: string;
  port: number;
  /** Stops listening and drops open connections; the same promise on every call. */
  close(): Promise<void>;
}

export async function startPageServer(opts: PageServerOptions): Promise<PageServer> {
  const log = opts.log ?? (() => {});
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page-server.invalid');
    if ((req.method === 'GET' || req.method === 'HEAD') && (url.pathname === '/' || url.pathname === '/index.html')) {
      sendPage(req, res, opts.page, opts.frameSrc);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const started = Date.now();
    opts
      .route(req, url)
      .then(
        (r) => {
          sendJson(res, r.status, r.body, r.headers);
          log(`[${opts.name}] ${req.method} ${url.pathname} → ${r.status} (${Date.now() - started} ms)`);
        },
        (err: unknown) => {
          const e = err instanceof HttpProblem ? err : opts.toProblem(err);
          sendJson(res, e.status, problemBody(e), e.headers);
          log(`[${opts.name}] ${req.method} ${url.pathname} → ${e.status} ${e.code}`);
        },
      )
      .catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }));
  return { url: `http://${urlHost}:${port}`, port, close };
}

// ---- running one directly (`npx tsx scripts/…/server.ts`) ----------------------------------

/** Exits (2) unless `port`, read from the environment variable `envName`, is a port number. */
export function exitUnlessPort(port: number, envName: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`${envName} must be a port number, not ${process.env[envName]}`);
    process.exit(2);
  }
}

/** On the first SIGINT or SIGTERM, closes the server and exits: 0, or 1 when closing failed. */
export function closeOnSignal(server: { close(): Promise<void> }): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
