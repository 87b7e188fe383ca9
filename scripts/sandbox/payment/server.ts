/**
 * The sandbox payer: a real local HTTP service (node:http, state in memory) with the shape of
 * the cloud cashiers, so a bill's cash part can be paid on a laptop and in tests without any
 * cloud (functions/providers/sandbox/payment.ts is its adapter).
 *
 *   POST /api/orders {outTradeNo, amount, description, expiresAt, notifyUrl?, returnUrl?} → 201 {tradeNo, payUrl, expiresAt}
 *   GET  /pay/<tradeNo>                     the zh-CN cashier page (HTML): 确认支付 / 模拟失败
 *   POST /pay/<tradeNo> (form: outcome=pay|fail)  the page's buttons; then 303 to returnUrl (or a result page)
 *   POST /api/orders/<tradeNo>/outcome {outcome: "pay"|"fail"}   choose without a browser (tests)
 *   GET  /api/orders/<tradeNo>              → {status: pending|paid|failed|closed, outTradeNo, amount, paidAt?}
 *   POST /api/orders/<tradeNo>/close        → {status} (a paid order stays paid)
 *   POST /api/refunds {tradeNo, outRefundNo, amount} → {status: succeeded|failed, reason?}; once per outRefundNo
 *   POST /api/faults {create?: "fail"|"ok", refund?: "fail"|"ok"}  make the next creates / refunds fail (tests)
 * On an outcome the payer POSTs {tradeNo, outTradeNo, status} to notifyUrl (not trusted: essc queries).
 *
 * Run it: `tsx scripts/sandbox/payment/server.ts` (SANDBOX_PAYMENT_PORT, default 3110; host 127.0.0.1).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BANK_ORIGINS } from '../../lib/ports.js';
import { escapeHtml, HttpError, isMainModule, readBody, readJsonObject, redirect, sendHtml as sendPage, sendJson, startJsonServer } from '../lib/jsonServer.js';

type OrderStatus = 'pending' | 'paid' | 'failed' | 'closed';

interface Order {
  tradeNo: string;
  outTradeNo: string;
  amount: number;
  description: string;
  status: OrderStatus;
  expiresAt: number;
  notifyUrl?: string;
  returnUrl?: string;
  paidAt?: string;
  refunded: number;
  refunds: Map<string, { amount: number; status: 'succeeded' | 'failed'; reason?: string }>;
}

export interface SandboxPaymentServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;
const MAX_ORDERS = 10_000;
const TRADE_NO = /^sp_[A-Za-z0-9_-]{16,40}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

// No scripts: the buttons are a plain form; framed only by the demo bank app (it embeds the H5 card).
const sendHtml = (res: ServerResponse, status: number, html: string) => sendPage(res, status, html, BANK_ORIGINS.join(' '));
const readJson = (req: IncomingMessage) => readJsonObject(req, { maxBytes: MAX_BODY, emptyIsObject: true });

function httpUrl(raw: unknown, field: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  try {
    const u = new URL(String(raw));
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    /* refused below */
  }
  throw new HttpError(400, `invalid_${field}`);
}

function cashierPage(o: Order, expired: boolean): string {
  const done = o.status !== 'pending' || expired;
  const result = expired && o.status === 'pending' ? '订单已过期，请返回应用重新支付。' : o.status === 'paid' ? '支付成功' : o.status === 'pending' ? '' : '支付未成功';
  const controls = done
    ? `<p id="pay-result" role="status">${escapeHtml(result)}</p>`
    : `<form method="post" action="/pay/${escapeHtml(o.tradeNo)}">
        <button id="pay-confirm" class="primary" type="submit" name="outcome" value="pay">确认支付 ${escapeHtml(yuan(o.amount))}</button>
        <button id="pay-fail" type="submit" name="outcome" value="fail">模拟支付失败</button>
      </form>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>收银台（沙箱）</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f5f6f8; color: #1f2329; }
  main { max-width: 420px; margin: 0 auto; padding: 32px 20px; text-align: center; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .sandbox { color: #8a5300; font-size: 14px; margin: 0 0 24px; }
  .amount { font-size: 34px; font-weight: 600; margin: 8px 0 4px; }
  .what { color: #4e5969; margin: 0 0 28px; }
  form { display: flex; flex-direction: column; gap: 12px; }
  button { font-size: 17px; min-height: 48px; border-radius: 8px; border: 1px solid #c9cdd4; background: #fff; }
  button.primary { background: #0e6b3a; border-color: #0e6b3a; color: #fff; }
</style></head>
<body><main>
  <h1>现金部分支付</h1>
  <p class="sandbox">沙箱收银台：不会真实扣款</p>
  <p class="amount" id="pay-amount">${escapeHtml(yuan(o.amount))}</p>
  <p class="what">${escapeHtml(o.description)}</p>
  ${controls}
</main></body></html>`;
}

export async function startSandboxPaymentServer(options: { port?: number; host?: string } = {}): Promise<SandboxPaymentServer> {
  const host = options.host ?? '127.0.0.1';
  const orders = new Map<string, Order>();
  const faults = { create: false, refund: false };
  let baseUrl = '';

  const expired = (o: Order) => o.status === 'pending' && Date.now() >= o.expiresAt;
  const view = (o: Order) => ({ status: expired(o) ? 'closed' : o.status, outTradeNo: o.outTradeNo, amount: o.amount, refunded: o.refunded, ...(o.paidAt ? { paidAt: o.paidAt } : {}) });
  const find = (tradeNo: string) => {
    const o = TRADE_NO.test(tradeNo) ? orders.get(tradeNo) : undefined;
    if (!o) throw new HttpError(404, 'not_found');
    return o;
  };

  function notify(o: Order) {
    if (!o.notifyUrl) return;
    fetch(o.notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tradeNo: o.tradeNo, outTradeNo: o.outTradeNo, status: o.status }), signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  }

  function decide(o: Order, outcome: 'pay' | 'fail') {
    if (expired(o)) throw new HttpError(410, 'expired');
    if (o.status === 'pending') {
      o.status = outcome === 'pay' ? 'paid' : 'failed';
      if (o.status === 'paid') o.paidAt = new Date().toISOString();
      notify(o);
      return;
    }
    if ((outcome === 'pay') !== (o.status === 'paid')) throw new HttpError(409, 'already_decided');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (method === 'GET' && parts.length === 0) return sendJson(res, 200, { service: 'essc-sandbox-payment', status: 'ok' });
    if (parts[0] === 'api' && parts[1] === 'orders' && parts.length === 2 && method === 'POST') {
      if (faults.create) throw new HttpError(503, 'simulated_outage');
      const body = await readJson(req);
      const outTradeNo = String(body.outTradeNo ?? '');
      const amount = body.amount;
      if (!ID.test(outTradeNo)) throw new HttpError(400, 'invalid_outTradeNo');
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || amount > 10_000_000) throw new HttpError(400, 'invalid_amount');
      const expiresAt = Date.parse(String(body.expiresAt ?? ''));
      if (Number.isNaN(expiresAt)) throw new HttpError(400, 'invalid_expiresAt');
      const existing = [...orders.values()].find((o) => o.outTradeNo === outTradeNo);
      if (existing) throw new HttpError(409, 'duplicate_outTradeNo');
      if (orders.size >= MAX_ORDERS) orders.delete(orders.keys().next().value!);
      const o: Order = {
        tradeNo: `sp_${randomBytes(15).toString('base64url')}`,
        outTradeNo,
        amount,
        description: String(body.description ?? '').slice(0, 80),
        status: 'pending',
        expiresAt,
        refunded: 0,
        refunds: new Map(),
      };
      const notifyUrl = httpUrl(body.notifyUrl, 'notifyUrl');
      const returnUrl = httpUrl(body.returnUrl, 'returnUrl');
      if (notifyUrl) o.notifyUrl = notifyUrl;
      if (returnUrl) o.returnUrl = returnUrl;
      orders.set(o.tradeNo, o);
      return sendJson(res, 201, { tradeNo: o.tradeNo, payUrl: `${baseUrl}/pay/${o.tradeNo}`, expiresAt: new Date(expiresAt).toISOString() });
    }
    if (parts[0] === 'api' && parts[1] === 'orders' && parts.length === 3 && method === 'GET') return sendJson(res, 200, view(find(parts[2]!)));
    if (parts[0] === 'api' && parts[1] === 'orders' && parts.length === 4 && method === 'POST') {
      const o = find(parts[2]!);
      if (parts[3] === 'close') {
        if (o.status === 'pending') o.status = 'closed';
        return sendJson(res, 200, view(o));
      }
      if (parts[3] === 'outcome') {
        const body = await readJson(req);
        if (body.outcome !== 'pay' && body.outcome !== 'fail') throw new HttpError(400, 'invalid_outcome');
        decide(o, body.outcome);
        return sendJson(res, 200, view(o));
      }
    }
    if (parts[0] === 'api' && parts[1] === 'refunds' && parts.length === 2 && method === 'POST') {
      const body = await readJson(req);
      const o = find(String(body.tradeNo ?? ''));
      const outRefundNo = String(body.outRefundNo ?? '');
      if (!ID.test(outRefundNo)) throw new HttpError(400, 'invalid_outRefundNo');
      const prior = o.refunds.get(outRefundNo);
      if (prior) return sendJson(res, 200, prior);
      const amount = body.amount;
      let answer: { amount: number; status: 'succeeded' | 'failed'; reason?: string };
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) throw new HttpError(400, 'invalid_amount');
      if (faults.refund) answer = { amount, status: 'failed', reason: 'simulated_failure' };
      else if (o.status !== 'paid') answer = { amount, status: 'failed', reason: 'order_not_paid' };
      else if (o.refunded + amount > o.amount) answer = { amount, status: 'failed', reason: 'exceeds_paid' };
      else {
        o.refunded += amount;
        answer = { amount, status: 'succeeded' };
      }
      o.refunds.set(outRefundNo, answer);
      return sendJson(res, 200, answer);
    }
    if (parts[0] === 'api' && parts[1] === 'faults' && parts.length === 2 && method === 'POST') {
      const body = await readJson(req);
      if (body.create !== undefined) faults.create = body.create === 'fail';
      if (body.refund !== undefined) faults.refund = body.refund === 'fail';
      return sendJson(res, 200, { create: faults.create ? 'fail' : 'ok', refund: faults.refund ? 'fail' : 'ok' });
    }
    if (parts[0] === 'pay' && parts.length === 2) {
      const o = find(parts[1]!);
      if (method === 'GET' || method === 'HEAD') return sendHtml(res, 200, cashierPage(o, expired(o)));
      if (method === 'POST') {
        const outcome = new URLSearchParams(await readBody(req, MAX_BODY)).get('outcome');
        if (outcome !== 'pay' && outcome !== 'fail') throw new HttpError(400, 'invalid_outcome');
        if (!expired(o) && o.status === 'pending') decide(o, outcome);
        if (o.returnUrl) {
          redirect(res, o.returnUrl);
          return;
        }
        return sendHtml(res, 200, cashierPage(o, expired(o)));
      }
    }
    throw new HttpError(404, 'not_found');
  }

  const server = await startJsonServer(route, { port: options.port ?? 3110, host, internalErrorCode: 'internal' });
  baseUrl = server.url;
  return server;
}

if (isMainModule(import.meta.url)) {
  const server = await startSandboxPaymentServer({ port: Number(process.env.SANDBOX_PAYMENT_PORT ?? 3110) });
  console.log(`sandbox payer on ${server.url}`);
}
