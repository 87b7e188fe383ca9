/**
 * The sandbox face provider: a real local HTTP service (node:http, state in memory) that
 * speaks the same handoff protocol as the real providers, so the whole flow — server
 * starts a verification, the client runs a face page, the server asks for the result —
 * can run on a laptop and in tests without any cloud.
 *
 *   POST /api/verifications {outSeqNo, name, idNumber, returnUrl?} → 201 {token, url, expiresAt}
 *   GET  /face/<token>                      the zh-CN face page (HTML)
 *   POST /face/<token>  (form: outcome=pass|fail|leave)  the page's buttons; then 303 to
 *                                            returnUrl?faceToken=<token> (or a result page)
 *   POST /api/verifications/<token>/outcome {outcome: "pass"|"fail"}  choose without a browser
 *   GET  /api/verifications/<token>         → {status: "pending"|"passed"|"failed", reason?, outSeqNo}
 *   anything unknown                         → 404 JSON
 *
 * Run it: `tsx scripts/sandbox/face/server.ts` (SANDBOX_FACE_PORT, default 3100; host 127.0.0.1).
 * The face page never shows the full ID number or name, only their masks.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskIdNumber, maskName } from '../../../functions/holder/mask.rules.js';
import { now as clockNow } from '../../../functions/core/clock.js';
import { BANK_ORIGINS } from '../../lib/ports.js';
import { escapeHtml, HttpError, isMainModule, readBody, readJsonObject, redirect, sendHtml, sendJson, startJsonServer } from '../lib/jsonServer.js';

export type SandboxStatus = 'pending' | 'passed' | 'failed';

interface Verification {
  token: string;
  outSeqNo: string;
  name: string;
  idNumber: string;
  returnUrl?: string;
  status: SandboxStatus;
  reason?: string;
  createdAt: number;
  expiresAt: number;
}

export interface SandboxFaceServerOptions {
  /** 0 picks a free port. Default 3100. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The URL browsers use to reach this server, if not http://<host>:<port>. */
  publicUrl?: string;
  /** How long a verification can be completed. Default 30 minutes. */
  ttlSeconds?: number;
  now?: () => Date;
}

export interface SandboxFaceServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
const MAX_VERIFICATIONS = 10_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const readJson = (req: IncomingMessage) => readJsonObject(req, { maxBytes: MAX_BODY_BYTES, emptyIsObject: false });
// Framed only by the demo bank app, which embeds the H5 card (and so its face step) in an iframe.
const FRAME_ANCESTORS = BANK_ORIGINS.join(' ');

function requireString(body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new HttpError(400, `invalid_${field}`);
  }
  return value.trim();
}

function withFaceToken(returnUrl: string, token: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set('faceToken', token);
  return url.toString();
}

const STATUS_TEXT: Record<SandboxStatus, string> = {
  pending: '未完成',
  passed: '已通过',
  failed: '未通过',
};

function facePage(v: Verification, expired: boolean): string {
  const done = v.status !== 'pending' || expired;
  const notice = expired && v.status === 'pending' ? '本次核验已过期，请返回重新发起。' : `核验结果：${STATUS_TEXT[v.status]}`;
  const controls = done
    ? `<p id="face-result" class="result">${escapeHtml(notice)}</p>`
    : `<form method="post" action="/face/${escapeHtml(v.token)}">
        <button id="face-pass" class="primary" type="submit" name="outcome" value="pass">开始刷脸（通过）</button>
        <button id="face-fail" type="submit" name="outcome" value="fail">模拟失败</button>
        <button id="face-leave" class="plain" type="submit" name="outcome" value="leave">离开（不完成）</button>
      </form>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>刷脸核验（沙箱）</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f5f6f8; color: #1f2329; }
  main { max-width: 420px; margin: 0 auto; padding: 32px 20px; text-align: center; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .sandbox { color: #b26a00; font-size: 13px; margin: 0 0 24px; }
  .camera { width: 220px; height: 220px; margin: 0 auto 20px; border-radius: 50%; border: 4px solid #1677ff;
            background: radial-gradient(circle at 50% 40%, #dfe9f7 0 35%, #c7d6ec 36% 100%); }
  .who { font-size: 16px; margin: 0 0 4px; }
  .id { font-size: 14px; color: #646a73; margin: 0 0 28px; letter-spacing: 1px; }
  form { display: flex; flex-direction: column; gap: 12px; }
  button { font-size: 16px; padding: 12px; border-radius: 8px; border: 1px solid #d0d3d6; background: #fff; }
  button.primary { background: #1677ff; border-color: #1677ff; color: #fff; }
  button.plain { border: none; background: transparent; color: #646a73; }
  .result { font-size: 16px; }
</style>
</head>
<body>
<main>
  <h1>请正对手机，刷脸核验</h1>
  <p class="sandbox">沙箱环境：不采集人脸，仅模拟结果</p>
  <div class="camera" role="img" aria-label="相机取景框"></div>
  <p class="who">核验人：<span id="face-name">${escapeHtml(maskName(v.name))}</span></p>
  <p class="id">证件号：<span id="face-id">${escapeHtml(maskIdNumber(v.idNumber))}</span></p>
  ${controls}
</main>
</body>
</html>`;
}

function resultPage(v: Verification): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>刷脸核验（沙箱）</title></head>
<body><main style="max-width:420px;margin:0 auto;padding:32px 20px;text-align:center;font-family:sans-serif">
<p id="face-result">${v.status === 'pending' ? '已离开，核验未完成。' : `核验结果：${STATUS_TEXT[v.status]}`}</p>
<p>请返回应用继续。</p>
</main></body></html>`;
}

export async function startSandboxFaceServer(options: SandboxFaceServerOptions = {}): Promise<SandboxFaceServer> {
  const host = options.host ?? '127.0.0.1';
  const ttlMs = (options.ttlSeconds ?? 30 * 60) * 1000;
  const now = options.now ?? clockNow;
  const verifications = new Map<string, Verification>();
  let baseUrl = '';

  const isExpired = (v: Verification): boolean => v.status === 'pending' && now().getTime() >= v.expiresAt;

  function prune(): void {
    const cutoff = now().getTime() - 3600_000;
    for (const [token, v] of verifications) if (v.expiresAt < cutoff) verifications.delete(token);
    while (verifications.size >= MAX_VERIFICATIONS) {
      const oldest = verifications.keys().next().value;
      if (oldest === undefined) break;
      verifications.delete(oldest);
    }
  }

  function find(token: string): Verification {
    const v = TOKEN_PATTERN.test(token) ? verifications.get(token) : undefined;
    if (v === undefined) throw new HttpError(404, 'not_found');
    return v;
  }

  function view(v: Verification): { status: SandboxStatus; reason?: string; outSeqNo: string } {
    if (isExpired(v)) return { status: 'failed', reason: 'expired', outSeqNo: v.outSeqNo };
    return v.reason === undefined
      ? { status: v.status, outSeqNo: v.outSeqNo }
      : { status: v.status, reason: v.reason, outSeqNo: v.outSeqNo };
  }

  /** Records pass/fail; the first outcome stands, a different second one is a 409. */
  function settle(v: Verification, outcome: 'pass' | 'fail'): void {
    if (isExpired(v)) throw new HttpError(410, 'expired');
    const status: SandboxStatus = outcome === 'pass' ? 'passed' : 'failed';
    if (v.status === 'pending') {
      v.status = status;
      if (status === 'failed') v.reason = 'simulated_failure';
      return;
    }
    if (v.status !== status) throw new HttpError(409, 'already_settled');
  }

  async function create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const outSeqNo = requireString(body, 'outSeqNo', 64);
    const name = requireString(body, 'name', 64);
    const idNumber = requireString(body, 'idNumber', 32);
    let returnUrl: string | undefined;
    if (body.returnUrl !== undefined && body.returnUrl !== null && body.returnUrl !== '') {
      const raw = requireString(body, 'returnUrl', 2048);
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new HttpError(400, 'invalid_returnUrl');
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new HttpError(400, 'invalid_returnUrl');
      returnUrl = parsed.toString();
    }
    prune();
    const token = randomBytes(18).toString('base64url');
    const createdAt = now().getTime();
    const v: Verification = { token, outSeqNo, name, idNumber, status: 'pending', createdAt, expiresAt: createdAt + ttlMs };
    if (returnUrl !== undefined) v.returnUrl = returnUrl;
    verifications.set(token, v);
    sendJson(res, 201, { token, url: `${baseUrl}/face/${token}`, expiresAt: new Date(v.expiresAt).toISOString() });
  }

  async function pageSubmit(req: IncomingMessage, res: ServerResponse, v: Verification): Promise<void> {
    const form = new URLSearchParams(await readBody(req, MAX_BODY_BYTES));
    const outcome = form.get('outcome');
    if (outcome !== 'pass' && outcome !== 'fail' && outcome !== 'leave') throw new HttpError(400, 'invalid_outcome');
    if (isExpired(v)) {
      sendHtml(res, 410, facePage(v, true), FRAME_ANCESTORS);
      return;
    }
    if (outcome !== 'leave' && v.status === 'pending') settle(v, outcome);
    if (v.returnUrl !== undefined) {
      redirect(res, withFaceToken(v.returnUrl, v.token));
      return;
    }
    sendHtml(res, 200, resultPage(v), FRAME_ANCESTORS);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const parts = url.pathname.split('/').filter((p) => p !== '');
    const method = req.method ?? 'GET';

    if (parts.length === 2 && parts[0] === 'api' && parts[1] === 'verifications') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed');
      return create(req, res);
    }
    if (parts.length === 3 && parts[0] === 'api' && parts[1] === 'verifications') {
      if (method !== 'GET') throw new HttpError(405, 'method_not_allowed');
      return sendJson(res, 200, view(find(parts[2]!)));
    }
    if (parts.length === 4 && parts[0] === 'api' && parts[1] === 'verifications' && parts[3] === 'outcome') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed');
      const v = find(parts[2]!);
      const body = await readJson(req);
      if (body.outcome !== 'pass' && body.outcome !== 'fail') throw new HttpError(400, 'invalid_outcome');
      settle(v, body.outcome);
      return sendJson(res, 200, view(v));
    }
    if (parts.length === 2 && parts[0] === 'face') {
      const v = find(parts[1]!);
      if (method === 'GET' || method === 'HEAD') return sendHtml(res, 200, facePage(v, isExpired(v)), FRAME_ANCESTORS);
      if (method === 'POST') return pageSubmit(req, res, v);
      throw new HttpError(405, 'method_not_allowed');
    }
    if (parts.length === 0 && method === 'GET') {
      return sendJson(res, 200, { service: 'essc-sandbox-face', status: 'ok' });
    }
    throw new HttpError(404, 'not_found');
  }

  const server = await startJsonServer(route, {
    port: options.port ?? 3100,
    host,
    publicUrl: options.publicUrl,
    internalErrorCode: 'internal_error',
  });
  baseUrl = server.url;
  return server;
}

if (isMainModule(import.meta.url)) {
  const port = Number(process.env.SANDBOX_FACE_PORT || '3100');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('SANDBOX_FACE_PORT must be a port number');
    process.exit(1);
  }
  const server = await startSandboxFaceServer({ port, host: '127.0.0.1' });
  console.log(`sandbox face provider listening on ${server.url}`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
