/**
 * The partner sandbox's pages (`npm start`: http://127.0.0.1:10096): the API reference,
 * rendered by Redoc (bundled: its standalone build from node_modules, nothing fetched from the
 * internet) from the document the API serves (`GET /v1/openapi.json`), and a signature check
 * page that sends the headers and body a partner's own code produced to
 * `POST /v1/partner/signature-checks` and shows essc's verdict: valid, or why not.
 *
 * Written on node:http rather than scripts/lib/pageServer.ts: Redoc needs another CSP (its
 * own script file, its search worker from a blob, injected styles).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { checkSameOrigin, closeOnSignal, escapeHtml, exitUnlessPort, HttpProblem, problemBody, readJsonObject } from '../lib/pageServer.js';
import { PORTS } from '../lib/ports.js';

const require = createRequire(import.meta.url);
const REDOC_FILE = require.resolve('redoc/bundles/redoc.standalone.js');
const CHECK_PAGE = readFileSync(fileURLToPath(new URL('./signatureCheck.html', import.meta.url)), 'utf8');
/** The headers a signed request carries; nothing else is forwarded. */
const SIGNATURE_HEADERS = ['x-essc-channel', 'x-essc-key-id', 'x-essc-timestamp', 'x-essc-nonce', 'x-essc-signature', 'x-essc-content-sha256'];
const MAX_BODY = 64 * 1024;

export interface DevPortalOptions {
  host?: string;
  port: number;
  apiUrl: string;
  log?: (line: string) => void;
}

function referencePage(apiUrl: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>essc API reference</title></head>
<body><nav style="font:14px system-ui;padding:8px 16px;border-bottom:1px solid #ddd">essc API · <a href="/signature-check">签名自检 Signature check</a> · document: <a href="${escapeHtml(apiUrl)}/v1/openapi.json">${escapeHtml(apiUrl)}/v1/openapi.json</a></nav>
<redoc spec-url="/openapi.json"></redoc>
<script src="/redoc.standalone.js"></script></body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', ...headers });
  res.end(body);
}


/** Sends the pasted headers and body to the signature check, exactly as given. */
async function checkSignature(apiUrl: string, input: Record<string, unknown>) {
  const given = (typeof input.headers === 'object' && input.headers) || {};
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
    const lower = name.trim().toLowerCase();
    if (SIGNATURE_HEADERS.includes(lower) && typeof value === 'string') headers[lower] = value.trim();
  }
  const body = typeof input.body === 'string' ? input.body : '';
  const res = await fetch(`${apiUrl}/v1/partner/signature-checks`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let answer: unknown = {};
  try {
    answer = text ? JSON.parse(text) : {};
  } catch {
    answer = { text };
  }
  return { status: res.status, answer };
}

export async function startDevPortal(opts: DevPortalOptions): Promise<{ url: string; close(): Promise<void> }> {
  const log = opts.log ?? (() => {});
  const apiUrl = opts.apiUrl.replace(/\/+$/, '');
  const redoc = readFileSync(REDOC_FILE);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://devportal.invalid');
    const at = `${req.method} ${url.pathname}`;
    const fail = (err: unknown) => send(res, 502, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'api_unreachable', detail: `无法连接 ${apiUrl}：${(err as Error)?.message ?? err}` }));
    if (at === 'GET /' || at === 'GET /index.html') {
      send(res, 200, 'text/html; charset=utf-8', referencePage(apiUrl), {
        'content-security-policy': "default-src 'none'; script-src 'self'; worker-src blob:; style-src 'unsafe-inline' 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
      });
    } else if (at === 'GET /redoc.standalone.js') {
      send(res, 200, 'text/javascript; charset=utf-8', redoc, { 'cache-control': 'public, max-age=3600' });
    } else if (at === 'GET /openapi.json') {
      // The document the API serves, with this stack's API as its server.
      fetch(`${apiUrl}/v1/openapi.json`, { signal: AbortSignal.timeout(15_000) })
        .then((r) => r.json())
        .then((doc: Record<string, unknown>) => send(res, 200, 'application/json', JSON.stringify({ ...doc, servers: [{ url: apiUrl, description: 'this npm start stack' }] })))
        .catch(fail);
    } else if (at === 'GET /signature-check') {
      const nonce = randomBytes(16).toString('base64');
      send(res, 200, 'text/html; charset=utf-8', CHECK_PAGE.replaceAll('{{NONCE}}', nonce).replaceAll('{{API_URL}}', escapeHtml(apiUrl)), {
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      });
    } else if (at === 'POST /api/signature-check') {
      let sameOrigin = true;
      try {
        checkSameOrigin(req, 'the signature check page');
      } catch {
        sameOrigin = false;
      }
      if (!sameOrigin) {
        send(res, 403, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'cross_origin', detail: 'Requests must come from the page itself.' }));
        return;
      }
      readJsonObject(req, { maxBytes: MAX_BODY, emptyIsObject: false })
        .then((input) => checkSignature(apiUrl, input).then((r) => send(res, 200, 'application/json', JSON.stringify(r))))
        .catch((err: unknown) =>
          err instanceof HttpProblem
            ? send(res, err.status, 'application/problem+json', JSON.stringify(problemBody(err)))
            : fail(err),
        );
    } else if (at === 'GET /favicon.ico') {
      res.writeHead(204).end();
    } else {
      send(res, 404, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No such page.' }));
    }
    log(`[docs] ${at}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = process.env.DOCS_PORT ? Number(process.env.DOCS_PORT) : PORTS.start.docs;
  exitUnlessPort(port, 'DOCS_PORT');
  const portal = await startDevPortal({ port, apiUrl: process.env.API_URL || `http://127.0.0.1:${PORTS.start.api}`, log: console.log });
  console.log(`API reference on ${portal.url}`);
  closeOnSignal(portal);
}
