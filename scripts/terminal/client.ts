/**
 * A terminal of a designated institution talking to the signed Terminal API (API.md,
 * "Terminal API"). Every request is signed with functions/domain/terminalSignature.ts
 * over the exact bytes sent: METHOD, the path and query of the URL fetched, the
 * timestamp (unix seconds), a fresh nonce (16 random bytes, base64url) and the body.
 *
 * Each method answers `{status, body}` whatever the status: a 4xx or 5xx is an answer
 * (its body is the problem+json, whose `detail` the POS shows), not an exception. Only
 * a request that got no answer at all throws a `TerminalNetworkError`.
 */
import { randomBytes } from 'node:crypto';
import { sign } from '../../functions/domain/terminalSignature.js';
import type { BillItem } from './bill.js';

export type BusinessType = 'query' | 'payment' | 'other' | 'out_of_area';
export const BUSINESS_TYPES: readonly BusinessType[] = Object.freeze(['query', 'payment', 'other', 'out_of_area']);

export interface SplitParts {
  total: number;
  pooledFund: number;
  personalAccount: number;
  cash: number;
}

export interface TerminalResponse<T = any> {
  status: number;
  body: T;
}

export interface TerminalClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000 (a path prefix is kept). */
  apiUrl: string;
  institutionId: string;
  secret: string;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch; the clock the timestamp is taken from. */
  now?: () => number;
  /** Give up on an answer after this long (default 15 s); the request may still have been applied. */
  timeoutMs?: number;
}

export interface PreSettleRequest {
  code: string;
  institutionOrderId: string;
  items: BillItem[];
}

export interface ReconciliationCheck {
  date: string;
  count: number;
  totals: SplitParts;
}

/** No answer from the API: unreachable, or no answer within the timeout. */
export class TerminalNetworkError extends Error {
  override name = 'TerminalNetworkError';
  constructor(
    readonly code: 'api_unreachable' | 'api_timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A scanned or pasted code as the API wants it: full-width digits folded, spaces dropped. */
export function normalizeCode(code: string): string {
  return String(code ?? '').normalize('NFKC').replace(/\s+/g, '');
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export class TerminalClient {
  private readonly base: string;
  private readonly institutionId: string;
  private readonly secret: string;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(opts: TerminalClientOptions) {
    if (!opts.apiUrl) throw new TypeError('apiUrl is required');
    if (!opts.institutionId) throw new TypeError('institutionId is required');
    if (!opts.secret) throw new TypeError('secret is required');
    this.base = opts.apiUrl.replace(/\/+$/, '');
    this.institutionId = opts.institutionId;
    this.secret = opts.secret;
    this.fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** POST /v1/terminal/code-verifications. Consumes the code. */
  verifyCode(code: string, businessType: BusinessType = 'query'): Promise<TerminalResponse> {
    return this.request('POST', '/v1/terminal/code-verifications', { body: { code: normalizeCode(code), businessType } });
  }

  /** POST /v1/terminal/settlements (pre-settlement). Consumes the code. */
  preSettle(req: PreSettleRequest): Promise<TerminalResponse> {
    return this.request('POST', '/v1/terminal/settlements', {
      body: { code: normalizeCode(req.code), institutionOrderId: req.institutionOrderId, items: req.items },
    });
  }

  /** POST /v1/terminal/settlements/{id}/settle; retry with the same key after a lost answer. */
  settle(id: string, idempotencyKey: string): Promise<TerminalResponse> {
    return this.request('POST', `/v1/terminal/settlements/${encodeURIComponent(id)}/settle`, { idempotencyKey });
  }

  /** GET /v1/terminal/settlements/{id}: polled while the holder confirms. */
  getSettlement(id: string): Promise<TerminalResponse> {
    return this.request('GET', `/v1/terminal/settlements/${encodeURIComponent(id)}`);
  }

  /** POST /v1/terminal/settlements/{id}/cancel (before settling). */
  cancel(id: string): Promise<TerminalResponse> {
    return this.request('POST', `/v1/terminal/settlements/${encodeURIComponent(id)}/cancel`);
  }

  /** POST /v1/terminal/settlements/{id}/reversal (冲正 of a settled one). */
  reverse(id: string, idempotencyKey: string): Promise<TerminalResponse> {
    return this.request('POST', `/v1/terminal/settlements/${encodeURIComponent(id)}/reversal`, { idempotencyKey });
  }

  /** GET /v1/terminal/reconciliation?date=YYYY-MM-DD */
  reconciliation(date: string): Promise<TerminalResponse> {
    return this.request('GET', `/v1/terminal/reconciliation?date=${encodeURIComponent(date)}`);
  }

  /** POST /v1/terminal/reconciliation: the platform compares the terminal's own figures. */
  checkReconciliation(check: ReconciliationCheck): Promise<TerminalResponse> {
    return this.request('POST', '/v1/terminal/reconciliation', {
      body: { date: check.date, count: check.count, totals: check.totals },
    });
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    opts: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<TerminalResponse> {
    const url = new URL(this.base + path);
    const pathWithQuery = url.pathname + url.search;
    // The bytes signed are the bytes sent: serialise once, hash and send that buffer.
    const bytes = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body), 'utf8');
    const timestamp = Math.floor(this.now() / 1000);
    const nonce = newNonce();
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      'x-essc-institution': this.institutionId,
      'x-essc-timestamp': String(timestamp),
      'x-essc-nonce': nonce,
      'x-essc-signature': sign(this.secret, { method, pathWithQuery, timestamp, nonce, body: bytes }),
    };
    if (bytes) headers['content-type'] = 'application/json';
    if (opts.idempotencyKey !== undefined) headers['idempotency-key'] = opts.idempotencyKey;

    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url.href, { method, headers, body: bytes, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (err) {
      const name = (err as { name?: string } | undefined)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new TerminalNetworkError('api_timeout', `No answer from ${url.origin} within ${this.timeoutMs} ms.`, { cause: err });
      }
      throw new TerminalNetworkError('api_unreachable', `Cannot reach the API at ${url.origin}: ${(err as Error)?.message ?? err}`, { cause: err });
    }
    let body: unknown = {};
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = { text };
      }
    }
    return { status: res.status, body };
  }
}
