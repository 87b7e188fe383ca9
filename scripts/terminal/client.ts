/**
 * A terminal of a designated institution talking to the signed Terminal API (API.md,
 * "Terminal API"). Every request is signed by scripts/lib/signedClient.ts (shared with
 * the demo portal) over the exact bytes sent: METHOD, the path and query of the URL
 * fetched, the timestamp (unix seconds), a fresh nonce and the body, as the institution
 * (`X-Essc-Institution`).
 *
 * Each method answers `{status, body}` whatever the status: a 4xx or 5xx is an answer
 * (its body is the problem+json, whose `detail` the POS shows), not an exception. Only
 * a request that got no answer at all throws a `TerminalNetworkError`.
 */
import { SignedClient, SignedRequestNetworkError, type SignedClientOptions, type SignedResponse } from '../lib/signedClient.js';
import type { BillItem } from './bill.js';

/** A business type, or a medical insurance code-use type (01101 挂号, 01301 门诊结算, 02121 药店购药). */
export type BusinessType = 'query' | 'payment' | 'other' | 'out_of_area' | '01101' | '01301' | '02121';
export const BUSINESS_TYPES: readonly BusinessType[] = Object.freeze(['query', 'payment', 'other', 'out_of_area', '01101', '01301', '02121']);

export interface SplitParts {
  total: number;
  pooledFund: number;
  personalAccount: number;
  /** Family sharing (家庭共济); left out means 0. */
  familyAccount?: number;
  cash: number;
}

export type TerminalResponse<T = any> = SignedResponse<T>;

/** The signed client's options, with the institution as the signer. */
export interface TerminalClientOptions extends Omit<SignedClientOptions, 'signer'> {
  institutionId: string;
  secret: string;
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
export class TerminalNetworkError extends SignedRequestNetworkError {
  override name = 'TerminalNetworkError';
}

/** A scanned or pasted code as the API wants it: full-width digits folded, spaces dropped. */
export function normalizeCode(code: string): string {
  return String(code ?? '').normalize('NFKC').replace(/\s+/g, '');
}

export class TerminalClient {
  private readonly client: SignedClient;

  constructor(opts: TerminalClientOptions) {
    if (!opts.apiUrl) throw new TypeError('apiUrl is required');
    if (!opts.institutionId) throw new TypeError('institutionId is required');
    if (!opts.secret) throw new TypeError('secret is required');
    const { institutionId, secret, ...transport } = opts;
    this.client = new SignedClient({ ...transport, signer: { header: 'x-essc-institution', id: institutionId, secret } });
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

  /** POST /v1/terminal/bills: an itemised bill pushed to a patient (patientRef from a verification). */
  pushBill(req: { patientRef: string; institutionOrderId: string; kind: 'outpatient' | 'inpatient' | 'pharmacy'; items: unknown[]; department?: string }): Promise<TerminalResponse> {
    return this.request('POST', '/v1/terminal/bills', { body: req });
  }

  /** GET /v1/terminal/bills/{id}: polled while the holder pays. */
  getBill(id: string): Promise<TerminalResponse> {
    return this.request('GET', `/v1/terminal/bills/${encodeURIComponent(id)}`);
  }

  /** DELETE /v1/terminal/bills/{id}: withdraws an unpaid bill. */
  withdrawBill(id: string): Promise<TerminalResponse> {
    return this.request('DELETE', `/v1/terminal/bills/${encodeURIComponent(id)}`);
  }

  /** POST /v1/terminal/bills/{id}/refunds; retry with the same key after a lost answer. */
  refundBill(id: string, kind: 'all' | 'cash' | 'insurance', idempotencyKey: string, amounts?: Record<string, number>): Promise<TerminalResponse> {
    return this.request('POST', `/v1/terminal/bills/${encodeURIComponent(id)}/refunds`, { body: { kind, ...(amounts ? { amounts } : {}) }, idempotencyKey });
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
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    opts: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<TerminalResponse> {
    const headers = opts.idempotencyKey === undefined ? undefined : { 'idempotency-key': opts.idempotencyKey };
    try {
      return await this.client.request(method, path, { body: opts.body, headers });
    } catch (err) {
      if (err instanceof SignedRequestNetworkError) throw new TerminalNetworkError(err.code, err.message, { cause: err.cause });
      throw err;
    }
  }
}
