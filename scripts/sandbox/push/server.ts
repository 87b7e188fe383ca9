/**
 * The sandbox push recorder: a real local HTTP service (node:http, state in memory) standing in
 * for the platforms' message clouds (WeChat subscription messages, Alipay's), so holder
 * notifications can be pushed on a laptop and in tests without any cloud
 * (functions/providers/sandbox/push.ts is its adapter). It records every message it accepts;
 * a test lists them and can make it refuse.
 *
 *   POST   /api/messages {openid, templateId, page?, data: {key: value}, ref?}
 *          → 201 {messageId, at} | 403 {error: "not_subscribed"} | 503 {error: "unavailable"}
 *          | 400 {error: "invalid_…", field?}: like WeChat's 47003, a value of a typed key
 *            (thing1, amount2…) that does not fit its type is refused
 *   GET    /api/messages?openid=&templateId=&ref=   → {messages: [{messageId, openid, templateId, page, data, ref?, at}]}, oldest first
 *   DELETE /api/messages?openid=                    → {cleared} (every message, or that user's)
 *   POST   /api/faults {fault: "not_subscribed"|"unavailable"|"none", openid?, count?}
 *          refuse that user's (or, without openid, every user's) next `count` sends (default: until "none")
 *   GET    /api/faults → {faults: [{openid?, fault, remaining?}]};  DELETE /api/faults → {faults: []}
 *   GET    /messages?openid=   the zh-CN list of recorded messages (HTML), newest first: 服务通知（沙箱）
 *
 * Run it: `tsx scripts/sandbox/push/server.ts` (SANDBOX_PUSH_PORT, default 3120; host 127.0.0.1).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fitWechatField, wechatFieldType } from '../../../functions/providers/pushFields.rules.js';
import { HttpError, escapeHtml, isMainModule, readJsonObject, sendHtml, sendJson, startJsonServer } from '../lib/jsonServer.js';

export type PushFault = 'not_subscribed' | 'unavailable';

export interface RecordedMessage {
  messageId: string;
  openid: string;
  templateId: string;
  page: string;
  data: Record<string, string>;
  ref?: string;
  at: string;
}

export interface SandboxPushServerOptions {
  /** 0 picks a free port. Default 3120. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  now?: () => Date;
}

export interface SandboxPushServer {
  url: string;
  close(): Promise<void>;
}

interface FaultRule {
  fault: PushFault;
  /** Sends left to refuse; undefined: until cleared. */
  remaining?: number;
}

const MAX_BODY = 32 * 1024;
const MAX_MESSAGES = 10_000;
const MAX_FIELDS = 20;
const MAX_VALUE = 200;
const OPENID = /^[\x21-\x7e]{1,128}$/;
const TEMPLATE_ID = /^[A-Za-z0-9_\-=+/.]{1,128}$/;
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const REF = /^[A-Za-z0-9_:.#-]{1,128}$/;
const ALL = '*';

const readJson = (req: IncomingMessage) => readJsonObject(req, { maxBytes: MAX_BODY, emptyIsObject: true });

/** The message's fields, checked as a platform would: strings, within size, a typed key's value already fitting its type. */
function readData(raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'invalid_data');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_FIELDS) throw new HttpError(400, 'invalid_data');
  const data: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (!FIELD_KEY.test(key)) throw new HttpError(400, 'invalid_field', key.slice(0, 40));
    if (typeof value !== 'string' || value === '' || value.length > MAX_VALUE) throw new HttpError(400, 'invalid_field', key);
    const type = wechatFieldType(key);
    if (type !== undefined) {
      const fitted = fitWechatField(type, value);
      if (!fitted.ok || fitted.value !== value) throw new HttpError(400, 'invalid_field', key);
    }
    data[key] = value;
  }
  return data;
}

function listPage(messages: RecordedMessage[], openid: string | undefined): string {
  const items = messages
    .slice()
    .reverse()
    .map(
      (m) => `<li class="msg" data-message-id="${escapeHtml(m.messageId)}">
        <p class="meta">${escapeHtml(m.at)} · 模板 ${escapeHtml(m.templateId)} · 用户 ${escapeHtml(m.openid)}</p>
        <dl>${Object.entries(m.data)
          .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
          .join('')}</dl>
        ${m.page ? `<p class="page">进入小程序查看：${escapeHtml(m.page)}</p>` : ''}
      </li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务通知（沙箱）</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f5f6f8; color: #1f2329; }
  main { max-width: 560px; margin: 0 auto; padding: 24px 16px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .sandbox { color: #8a5300; font-size: 14px; margin: 0 0 16px; }
  ul { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 12px; }
  .msg { background: #fff; border-radius: 8px; padding: 12px 16px; }
  .meta, .page { color: #4e5969; font-size: 13px; margin: 0 0 8px; word-break: break-all; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0 0 8px; }
  dt { color: #86909c; } dd { margin: 0; }
</style></head>
<body><main>
  <h1>服务通知</h1>
  <p class="sandbox">沙箱推送记录：消息不会真实送达${openid ? `（用户 ${escapeHtml(openid)}）` : ''}</p>
  ${items ? `<ul id="push-messages">${items}</ul>` : '<p id="push-empty" role="status">暂无消息</p>'}
</main></body></html>`;
}

export async function startSandboxPushServer(options: SandboxPushServerOptions = {}): Promise<SandboxPushServer> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const messages: RecordedMessage[] = [];
  /** Per openid, `*` for everyone. */
  const faults = new Map<string, FaultRule>();

  const faultList = () => [...faults.entries()].map(([openid, r]) => ({ ...(openid === ALL ? {} : { openid }), fault: r.fault, ...(r.remaining === undefined ? {} : { remaining: r.remaining }) }));

  /** The fault this send meets, if any (the user's own before everyone's), used up by one. */
  function takeFault(openid: string): PushFault | undefined {
    for (const key of [openid, ALL]) {
      const rule = faults.get(key);
      if (!rule) continue;
      if (rule.remaining !== undefined) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) faults.delete(key);
      }
      return rule.fault;
    }
    return undefined;
  }

  function matching(url: URL): RecordedMessage[] {
    const openid = url.searchParams.get('openid');
    const templateId = url.searchParams.get('templateId');
    const ref = url.searchParams.get('ref');
    return messages.filter((m) => (!openid || m.openid === openid) && (!templateId || m.templateId === templateId) && (!ref || m.ref === ref));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/' && method === 'GET') return sendJson(res, 200, { service: 'essc-sandbox-push', status: 'ok' });

    if (path === '/api/messages') {
      if (method === 'POST') {
        const body = await readJson(req);
        const openid = body.openid;
        const templateId = body.templateId;
        if (typeof openid !== 'string' || !OPENID.test(openid)) throw new HttpError(400, 'invalid_openid');
        if (typeof templateId !== 'string' || !TEMPLATE_ID.test(templateId)) throw new HttpError(400, 'invalid_templateId');
        const page = body.page ?? '';
        if (typeof page !== 'string' || page.length > 256) throw new HttpError(400, 'invalid_page');
        const ref = body.ref;
        if (ref !== undefined && (typeof ref !== 'string' || !REF.test(ref))) throw new HttpError(400, 'invalid_ref');
        const data = readData(body.data);
        const fault = takeFault(openid);
        if (fault === 'not_subscribed') throw new HttpError(403, 'not_subscribed');
        if (fault === 'unavailable') throw new HttpError(503, 'unavailable');
        if (messages.length >= MAX_MESSAGES) messages.shift();
        const message: RecordedMessage = {
          messageId: `pm_${randomBytes(12).toString('base64url')}`,
          openid,
          templateId,
          page,
          data,
          ...(ref === undefined ? {} : { ref }),
          at: now().toISOString(),
        };
        messages.push(message);
        return sendJson(res, 201, { messageId: message.messageId, at: message.at });
      }
      if (method === 'GET') return sendJson(res, 200, { messages: matching(url) });
      if (method === 'DELETE') {
        const openid = url.searchParams.get('openid');
        let cleared = 0;
        for (let i = messages.length - 1; i >= 0; i--) {
          if (!openid || messages[i]!.openid === openid) {
            messages.splice(i, 1);
            cleared += 1;
          }
        }
        return sendJson(res, 200, { cleared });
      }
    }

    if (path === '/api/faults') {
      if (method === 'GET') return sendJson(res, 200, { faults: faultList() });
      if (method === 'DELETE') {
        faults.clear();
        return sendJson(res, 200, { faults: [] });
      }
      if (method === 'POST') {
        const body = await readJson(req);
        const openid = body.openid;
        if (openid !== undefined && (typeof openid !== 'string' || !OPENID.test(openid) || openid === ALL)) throw new HttpError(400, 'invalid_openid');
        const key = openid ?? ALL;
        const count = body.count;
        if (count !== undefined && (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > 1000)) throw new HttpError(400, 'invalid_count');
        if (body.fault === 'none') faults.delete(key);
        else if (body.fault === 'not_subscribed' || body.fault === 'unavailable') faults.set(key, { fault: body.fault, ...(count === undefined ? {} : { remaining: count }) });
        else throw new HttpError(400, 'invalid_fault');
        return sendJson(res, 200, { faults: faultList() });
      }
    }

    if (path === '/messages' && (method === 'GET' || method === 'HEAD')) {
      const openid = url.searchParams.get('openid') ?? undefined;
      return sendHtml(res, 200, listPage(matching(url), openid));
    }
    if (path === '/api/messages' || path === '/api/faults') throw new HttpError(405, 'method_not_allowed');
    throw new HttpError(404, 'not_found');
  }

  return startJsonServer(route, { port: options.port ?? 3120, host, internalErrorCode: 'internal' });
}

if (isMainModule(import.meta.url)) {
  const server = await startSandboxPushServer({ port: Number(process.env.SANDBOX_PUSH_PORT ?? 3120) });
  console.log(`sandbox push recorder on ${server.url}`);
}
