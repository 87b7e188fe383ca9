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
 * redirect URIs registered on the channel: the seed registers 127.0.0.1 ports 10090, 10091 and 10094.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import { checkSameOrigin, closeOnSignal, exitUnlessPort, fillTemplate, HttpProblem, noAnswerProblem, readBody, readJsonObject, startPageServer } from '../lib/pageServer.js';
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

export function renderPage(opts: { title: string; channelId: string; apiUrl: string; nonce: string }): string {
  return fillTemplate(PAGE_TEMPLATE, { TITLE: opts.title, CHANNEL: opts.channelId, API_URL: opts.apiUrl }, opts.nonce);
}

const readJson = (req: IncomingMessage) => readJsonObject(req, { maxBytes: MAX_BODY_BYTES, emptyIsObject: true });
const readForm = (req: IncomingMessage) =>
  readBody(req, { type: /^application\/x-www-form-urlencoded\b/i, typeName: 'application/x-www-form-urlencoded', maxBytes: MAX_BODY_BYTES });

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
    checkSameOrigin(req, 'the portal page');
    const b = await readJson(req);
    if (b.scope !== undefined && typeof b.scope !== 'string') {
      throw new HttpProblem(400, 'invalid_input', 'scope 须为字符串。', [{ field: 'scope', message: 'must be a string' }]);
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
    if (!login) throw new HttpProblem(404, 'login_request_unknown', '本站没有发起过这个登录请求。');
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
        throw new HttpProblem(502, 'id_token_invalid', `电子社保卡平台返回的 ID Token 未通过验证（${err.reason}），不予登录。`);
      }
      logins.settle(id, { via: 'polling', claims, verifiedAt: Date.now() }, Date.now());
      return { status: 200, body: confirmedView(login) };
    }
    if (body.status === 'pending' || body.status === 'expired') return { status: 200, body: { status: body.status } };
    throw new HttpProblem(502, 'bad_response', `电子社保卡平台的应答无法识别（status: ${String(body.status)}）。`);
  }

  async function callback(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const form = parseCallback(await readForm(req));
    if (!form.ok) {
      throw new HttpProblem(400, 'invalid_callback', `Invalid callback: ${form.field} ${form.message}.`, [
        { field: form.field, message: form.message },
      ]);
    }
    const login = logins.get(form.loginRequestId, Date.now());
    if (!login) {
      throw new HttpProblem(400, 'login_request_unknown', 'This portal did not make that login request.', [
        { field: 'login_request_id', message: 'unknown' },
      ]);
    }
    let claims;
    try {
      claims = await tokens.verify(form.idToken, login.nonce);
    } catch (err) {
      if (!(err instanceof IdTokenRejected)) throw err;
      log(`[portal] callback for ${login.id} refused: ${err.reason}`);
      throw new HttpProblem(400, 'invalid_id_token', err.message, [{ field: 'id_token', message: err.reason }]);
    }
    logins.settle(login.id, { via: 'callback', claims, verifiedAt: Date.now() }, Date.now());
    return { status: 204 };
  }

  async function route(req: IncomingMessage, url: URL): Promise<{ status: number; body?: unknown }> {
    const path = url.pathname;
    if (path === '/api/health') {
      if (req.method !== 'GET') throw new HttpProblem(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'GET' });
      return { status: 200, body: { status: 'ok', channelId } };
    }
    if (path === '/api/login-requests') {
      if (req.method !== 'POST') throw new HttpProblem(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'POST' });
      return createLogin(req);
    }
    const m = LOGIN_ID_IN_PATH.exec(path);
    if (m) {
      if (req.method !== 'GET') throw new HttpProblem(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'GET' });
      let id: string;
      try {
        id = decodeURIComponent(m[1]!);
      } catch {
        throw new HttpProblem(404, 'login_request_unknown', '本站没有发起过这个登录请求。');
      }
      return loginStatus(id);
    }
    if (path === '/callback') {
      if (req.method !== 'POST') throw new HttpProblem(405, 'method_not_allowed', `${req.method} is not allowed here.`, undefined, { allow: 'POST' });
      return callback(req);
    }
    throw new HttpProblem(404, 'not_found', `No such endpoint: ${path}`);
  }

  const server = await startPageServer({
    host,
    port: opts.port ?? DEFAULT_PORTAL_PORT,
    name: 'portal',
    page: (nonce) => renderPage({ title, channelId, apiUrl: opts.apiUrl, nonce }),
    route,
    toProblem: (err) =>
      err instanceof SignedRequestNetworkError
        ? noAnswerProblem(err, '电子社保卡平台')
        : new HttpProblem(500, 'internal_error', `演示门户内部错误：${(err as Error)?.message ?? err}`),
    log,
  });
  redirectUri = `${server.url}/callback`;
  // essc waits on a callback only briefly: have its issuer and keys at hand before the first.
  void tokens.warmUp();
  return { url: server.url, port: server.port, redirectUri, close: server.close, stop: server.close };
}

async function main(): Promise<void> {
  const env = portalEnv();
  exitUnlessPort(env.port, 'PORTAL_PORT');
  const portal = await startDemoPortal({ ...env, log: (line) => console.log(line) });
  console.log(`${DEMO_PORTAL.title}（${env.channelId}）→ ${env.apiUrl}`);
  console.log(`portal: ${portal.url}  (callback ${portal.redirectUri})`);
  closeOnSignal(portal);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
