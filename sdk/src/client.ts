/**
 * The typed essc client: openapi-fetch over the types generated from essc's OpenAPI document
 * (src/schema.ts, `npm run openapi` in the essc repository), every request signed by `signingMiddleware`
 * over the exact bytes sent.
 *
 *     const essc = createEsscClient({ baseUrl, signer: { channelId, key: { algorithm: 'HMAC-SHA256', keyId, secret } } });
 *     const { data, error } = await essc.POST('/v1/partner/launch-tickets', { body: { partnerUserId } });
 *
 * `error` is the RFC 9457 problem (`code`, `detail`, …) of a 4xx or 5xx answer.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';
import { signatureHeaders, type Signer } from './signing.js';

export type EsscClient = Client<paths>;

/** A problem+json answer (RFC 9457) as essc sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field?: string; message?: string }[];
  [extension: string]: unknown;
}

/** Signs each request (the body as serialised, once) just before it goes out. */
export function signingMiddleware(signer: Signer, opts: { now?: () => number } = {}): Middleware {
  const now = opts.now ?? Date.now;
  return {
    async onRequest({ request }) {
      const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
      const headers = await signatureHeaders(signer, { method: request.method, url: request.url, body, timestamp: Math.floor(now() / 1000) });
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  };
}

export interface EsscClientOptions {
  /** e.g. http://127.0.0.1:3000 for `npm start`; a path prefix is kept. */
  baseUrl: string;
  signer: Signer;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch: the clock timestamps are taken from. */
  now?: () => number;
}

export function createEsscClient(opts: EsscClientOptions): EsscClient {
  if (!opts.baseUrl) throw new TypeError('baseUrl is required');
  const id = 'channelId' in opts.signer ? opts.signer.channelId : opts.signer.institutionId;
  if (!id) throw new TypeError("the signer's id (channelId or institutionId) is required");
  if (opts.signer.key.algorithm === 'HMAC-SHA256' && !opts.signer.key.secret) throw new TypeError('secret is required');
  const client = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/+$/, ''), ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  client.use(signingMiddleware(opts.signer, { now: opts.now }));
  return client;
}

/** A problem answer, thrown by the helpers that answer data or throw. */
export class EsscProblemError extends Error {
  override name = 'EsscProblemError';
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(`${status} ${problem.code ?? 'error'}: ${problem.detail ?? problem.title ?? ''}`);
  }
}

/** The data of an openapi-fetch answer, or an `EsscProblemError`. */
export function dataOf<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || !answer.response.ok) throw new EsscProblemError(answer.response.status, (answer.error ?? {}) as Partial<Problem>);
  return answer.data as T;
}
