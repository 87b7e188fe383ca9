/**
 * The demo portal (演示政务服务网): a government service website that logs a holder in by
 * scan-to-login (docs/api-extensions.md, "Portal login"). Its server holds the portal
 * channel's secret, signs its calls to essc as the channel (`X-Essc-Channel`,
 * scripts/lib/signedClient.ts) and verifies every ID token (scripts/portal/idToken.ts)
 * before it believes who logged in. The page only ever talks to this server.
 *
 *   GET  /                          the portal page (portal.html, zh-CN, inline JS/CSS)
 *   GET  /api/health                {status: "ok", channelId}
 *   POST /api/login-requests        {scope?}  → essc POST /v1/portal/login-requests
 *                                   {scope, redirectUri: <this server>/callback, nonce}
 *                                   → 201 {id, qrContent, expiresAt, qrSvg, scope}
 *   GET  /api/login-requests/{id}   the callback's verified result, else essc's status
 *                                   (GET /v1/portal/login-requests/{id}; a confirmed one's
 *                                   idToken verified here) → {status, via?, claims?, verified?}
 *   POST /callback                  essc's form_post: login_request_id, id_token
 *                                   → 204 when the token verifies, else 400 (nothing kept)
 *
 * essc's own errors are relayed with their status and problem+json body; no answer from
 * essc is a 502 `api_unreachable` or 504 `api_timeout`. A token that fails verification
 * on a poll is a 502 `id_token_invalid`. The JSON POST must be same-origin when the
 * browser names an Origin.
 *
 * Run directly: `npx tsx scripts/portal/server.ts` (API_URL, PORTAL_PORT, PORTAL_HOST,
 * PORTAL_CHANNEL_ID, PORTAL_SECRET; defaults: defaults.ts). essc only calls back to
 * redirect URIs registered on the channel: the seed registers 127.0.0.1 ports 10090-10092.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import { SignedClient, SignedRequestNetworkError } from '../lib/signedClient.js';
import { DEFAULT_PORTAL_HOST, DEFAULT_PORTAL_PORT, DEFAULT_SCOPE, DEMO_PORTAL, portalEnv } from './defaults.js';
import { createIdTokenVerifier, IdTokenRejected } from './idToken.js';
import { LoginStore, parseCallback, type PortalLogin } from './logic.js';

export interface DemoPortalOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 10090; 0 picks a free port (essc then refuses the unregistered callback URL). */
  port?: number;
  /** essc's HTTP API, e.g. http://127.0.0.1:3000. */
  apiUrl: string;
  /** The portal channel; default the seeded `demo-portal`. */
  channelId?: string;
  secret?: string;
  /** The page's heading; default 演示政务服务网. */
  title?: string;
  /** One line per API call and callback. */
  log?: (line: string) => void;
}

export interface DemoPortal {
  /** The portal's origin, without a trailing slash: http://127.0.0.1:10090 */
  url: string;
  port: number;
  /** Where essc posts the ID token: `${url}/callback`. */
  redirectUri: string;
  close(): Promise<void>;
  /** Same as close(). */
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const LOGIN_ID_IN_PATH = /^\/api\/login-requests\/([^/]+)$/;
const PAGE_TEMPLATE = readFileSync(fileURLToPath(new URL('./portal.html', import.meta.url)), 'utf8');

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

class PortalError extends Error {
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

export function renderPage(opts: { title: string; channelId: string; apiUrl: string; nonce: string }): string {
  return PAGE_TEMPLATE.replaceAll('{{TITLE}}', escapeHtml(opts.title))
    .replaceAll('{{CHANNEL}}', escapeHtml(opts.channelId))
    .replaceAll('{{API_URL}}', escapeHtml(opts.apiUrl))
    .replaceAll('{{NONCE}}', opts.nonce);
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
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

function problem(err: PortalError) {
  return {
    type: `https://essc.dev/problems/${err.code}`,
    title: STATUS_TEXT[err.status] ?? 'Error',
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

async function readBody(req: IncomingMessage, type: RegExp, typeName: string): Promise<string> {
  if (!type.test(req.headers['content-type'] ?? '')) {
    throw new PortalError(415, 'unsupported_media_type', `The request body must be ${typeName}.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PortalError(413, 'body_too_large', 'The request body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req, /^application\/json\b/i, 'application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text || '{}');
  } catch {
    throw new PortalError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PortalError(400, 'invalid_input', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Refuses a POST another site's page made from the visitor's browser. */
function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) throw new PortalError(403, 'cross_origin', 'Requests must come from the portal page itself.');
}

function networkProblem(err: SignedRequestNetworkError): PortalError {
  return new PortalError(
    err.code === 'api_timeout' ? 504 : 502,
    err.code,
    `${err.code === 'api_timeout' ? '电子社保卡平台无应答' : '无法连接电子社保卡平台'}：${err.message}`,
  );
}

export async function startDemoPortal(opts: DemoPortalOptions): Promise<DemoPortal> {
  const host = opts.host ?? DEFAULT_PORTAL_HOST;
  const channelId = opts.channelId ?? DEMO_PORTAL.id;
  const secret = opts.secret ?? DEMO_PORTAL.secret;
  const title = opts.title ?? DEMO_PORTAL.title;
  const log = opts.log ?? (() => {});
  const essc = new SignedClient({ apiUrl: opts.apiUrl, signer: { header: 'x-essc-channel', id: channelId, secret } });
  const tokens = createIdTokenVerifier({ apiUrl: opts.apiUrl, audience: channelId });
  const logins = new LoginStore();
  let redirectUri = '';

  const confirmedView = (login: PortalLogin) => ({
    status: 'confirmed' as const,
    via: login.result!.via,
    claims: login.result!.claims,
    verified: true as const,
  });

  async function createLogin(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    checkOrigin(req);
    const b = await readJson(req);
    if (b.scope !== undefined && typeof b.scope !== 'string') {
      throw new PortalError(400, 'invalid_input', 'scope 须为字符串。', [{ field: 'scope', message: 'must be a string' }]);
    }
    const scope = (b.scope as string | undefined)?.trim() || DEFAULT_SCOPE;
    const nonce = randomBytes(16).toString('base64url');
    const res = await essc.request('POST', '/v1/portal/login-requests', { body: { scope, redirectUri, nonce } });
    if (res.status !== 201) return res;
    const { id, qrContent, expiresAt } = res.body as { id: string; qrContent: string; expiresAt: string };
    logins.add({ id, nonce, scope, expiresAt, createdAt: Date.now() }, Date.now());
    const qrSvg = await QRCode.toString(qrContent, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { status: 201, body: { id, qrContent, expiresAt, qrSvg, scope } };
  }

  async function loginStatus(id: string): Promise<{ status: number; body: unknown }> {
    const login = logins.get(id, Date.now());
    if (!login) throw new PortalError(404, 'login_request_unknown', '本站没有发起过这个登录请求。');
    if (login.result) return { status: 200, body: confirmedView(login) };
    const res = await essc.request('GET', `/v1/portal/login-requests/${encodeURIComponent(id)}`);
    if (res.status !== 200) return res;
    const body = res.body as { status?: string; idToken?: string };
    if (body.status === 'confirmed' && typeof body.idToken === 'string') {
      let claims;
      try {
        claims = await tokens.verify(body.idToken, login.nonce);
      } catch (err) {
        if (!(err instanceof IdTokenRejected)) throw err;
        log(`[portal] polled ID token of ${id} rejected: ${err.reason}`);
        throw new PortalError(502, 'id_token_invalid', `电子社保卡平台返回的 ID Token 未通过验证（${err.reason}），不予登录。`);
      }
      logins.settle(id, { via: 'polling', claims, verifiedAt: Date.now() }, Date.now());
      return { status: 200, body: confirmedView(login) };
    }
    if (body.status === 'pending' || body.status === 'expired') return { status: 200, body: { status: body.status } };
    throw new PortalError(502, 'bad_response', `电子社保卡平台的应答无法识别（status: ${String(body.status)}）。`);
  }

  async function callback(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const form = parseCallback(await readBody(req, /^application\/x-www-form-urlencoded\b/i, 'application/x-www-form-urlencoded'));
    if (!form.ok) {
      throw new PortalError(400, 'invalid_callback', `Invalid callback: ${form.field} ${form.message}.`, [
        { field: form.field, message: form.message },
      ]);
    }
    const login = logins.get(form.loginRequestId, Date.now());
    if (!login) {
      throw new PortalError(400, 'login_request_unknown', 'This portal did not make that login request.', [
        { field: 'login_request_id', message: 'unknown' },
      ]);
    }
    let claims;
    try {
      claims = await tokens.verify(form.idToken, login.nonce);
    } catch (err) {
      if (!(err instanceof IdTokenRejected)) throw err;
      log(`[portal] callback for ${login.id} refused: ${err.reason}`);
      throw new PortalError(400, 'invalid_id_token', err.message, [{ field: 'id_token', message: err.reason }]);
    }
    logins.settle(login.id, { via: 'callback', claims, verifiedAt: Date.now() }, Date.now());
    return { status: 204 };
  }

  async function route(req: IncomingMessage, url: URL): Promise<{ status: number; body?: unknown }> {
    const path = url.pathname;
    if (path === '/api/health') {
      if (req.method !== 'GET') throw new PortalError(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'GET' });
      return { status: 200, body: { status: 'ok', channelId } };
    }
    if (path === '/api/login-requests') {
      if (req.method !== 'POST') throw new PortalError(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'POST' });
      return createLogin(req);
    }
    const m = LOGIN_ID_IN_PATH.exec(path);
    if (m) {
      if (req.method !== 'GET') throw new PortalError(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'GET' });
      let id: string;
      try {
        id = decodeURIComponent(m[1]!);
      } catch {
        throw new PortalError(404, 'login_request_unknown', '本站没有发起过这个登录请求。');
      }
      return loginStatus(id);
    }
    if (path === '/callback') {
      if (req.method !== 'POST') throw new PortalError(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'POST' });
      return callback(req);
    }
    throw new PortalError(404, 'not_found', `No such endpoint: ${path}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    if ((req.method === 'GET' || req.method === 'HEAD') && (url.pathname === '/' || url.pathname === '/index.html')) {
      const nonce = randomBytes(16).toString('base64');
      const html = renderPage({ title, channelId, apiUrl: opts.apiUrl, nonce });
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
    route(req, url)
      .then(
        (r) => {
          send(res, r.status, r.body);
          log(`[portal] ${req.method} ${url.pathname} → ${r.status} (${Date.now() - started} ms)`);
        },
        (err: unknown) => {
          let e: PortalError;
          if (err instanceof PortalError) e = err;
          else if (err instanceof SignedRequestNetworkError) e = networkProblem(err);
          else e = new PortalError(500, 'internal_error', `演示门户内部错误：${(err as Error)?.message ?? err}`);
          send(res, e.status, problem(e), e.headers);
          log(`[portal] ${req.method} ${url.pathname} → ${e.status} ${e.code}`);
        },
      )
      .catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORTAL_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  redirectUri = `${url}/callback`;
  // essc waits on a callback only briefly: have its issuer and keys at hand before the first.
  void tokens.warmUp();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }));
  return { url, port, redirectUri, close, stop: close };
}

async function main(): Promise<void> {
  const env = portalEnv();
  if (!Number.isInteger(env.port) || env.port < 0 || env.port > 65_535) {
    console.error(`PORTAL_PORT must be a port number, not ${process.env.PORTAL_PORT}`);
    process.exit(2);
  }
  const portal = await startDemoPortal({ ...env, log: (line) => console.log(line) });
  console.log(`${DEMO_PORTAL.title}（${env.channelId}）→ ${env.apiUrl}`);
  console.log(`portal: ${portal.url}  (callback ${portal.redirectUri})`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      portal.close().then(
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
