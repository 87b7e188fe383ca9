/**
 * The local simulators' untyped view of the partner SDK (sdk/, `@essc/sdk`): the terminal API
 * (a designated institution, `X-Essc-Institution`) and the portal API (a portal channel,
 * `X-Essc-Channel`), each request sent by the SDK's openapi-fetch client and signed by its
 * middleware over the exact bytes sent (API.md, "Terminal API"; sdk/src/canonical.ts).
 *
 * `SignedClient.request` answers `{status, body}` whatever the status: a 4xx or 5xx is an
 * answer (its body the problem+json), not an exception, which is what a POS screen or a demo
 * page shows. Only a request that got no answer at all throws a `SignedRequestNetworkError`.
 */
import { createEsscClient, type EsscClient, type Signer } from '@essc/sdk';

/** The header naming who signs: an institution (terminals) or a portal channel. */
export type SignerHeader = 'x-essc-institution' | 'x-essc-channel';

export interface SignerCredentials {
  header: SignerHeader;
  /** The institution id or the portal's channel id. */
  id: string;
  secret: string;
  /** `X-Essc-Key-Id`; without it essc uses the signer's oldest active key. */
  keyId?: string;
}

/** The SDK's signer of these credentials (an HMAC-SHA256 key). */
export function sdkSigner(signer: SignerCredentials): Signer {
  const key = { algorithm: 'HMAC-SHA256' as const, secret: signer.secret, ...(signer.keyId ? { keyId: signer.keyId } : {}) };
  return signer.header === 'x-essc-institution' ? { institutionId: signer.id, key } : { channelId: signer.id, key };
}

/** An answer's text as the simulators show it: its JSON, `{text}` for anything else, `{}` for none. */
function bodyOf(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return { text: value };
  }
}

export interface SignedResponse<T = any> {
  status: number;
  body: T;
}

/** No answer from the API: unreachable, or no answer within the timeout. */
export class SignedRequestNetworkError extends Error {
  override name = 'SignedRequestNetworkError';
  constructor(
    readonly code: 'api_unreachable' | 'api_timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SignedClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000 (a path prefix is kept). */
  apiUrl: string;
  signer: SignerCredentials;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch; the clock the timestamp is taken from. */
  now?: () => number;
  /** Give up on an answer after this long (default 15 s); the request may still have been applied. */
  timeoutMs?: number;
}

export class SignedClient {
  private readonly client: EsscClient;
  readonly timeoutMs: number;

  constructor(opts: SignedClientOptions) {
    if (!opts.apiUrl) throw new TypeError('apiUrl is required');
    if (!opts.signer?.id) throw new TypeError(`the signer's id (${opts.signer?.header ?? 'header'}) is required`);
    if (!opts.signer.secret) throw new TypeError('secret is required');
    this.client = createEsscClient({ baseUrl: opts.apiUrl, signer: sdkSigner(opts.signer), fetch: opts.fetch, now: opts.now });
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** Sends one signed request (`path` may carry its query); `body` is serialised as JSON once and those bytes are signed and sent. */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<SignedResponse> {
    let answer: { data?: unknown; error?: unknown; response: Response };
    // The timeout is a race, not only the signal: the Request openapi-fetch builds follows the
    // signal through a weakly held controller (undici), so an abort can be lost to the GC.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${this.timeoutMs} ms`, 'TimeoutError')), this.timeoutMs);
    const timedOut = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
    try {
      // The path is one of the API's; the untyped view gives up its types on purpose.
      const call = (this.client.request as (m: string, p: string, init: object) => Promise<typeof answer>)(method.toLowerCase(), path, {
        body: opts.body,
        headers: { accept: 'application/json, application/problem+json', ...opts.headers },
        parseAs: 'text',
        signal: controller.signal,
      });
      answer = await Promise.race([call, timedOut]);
    } catch (err) {
      const name = (err as { name?: string } | undefined)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new SignedRequestNetworkError('api_timeout', `No answer from the API within ${this.timeoutMs} ms.`, { cause: err });
      }
      throw new SignedRequestNetworkError('api_unreachable', `Cannot reach the API: ${(err as Error)?.message ?? err}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
    return { status: answer.response.status, body: bodyOf(answer.response.ok ? answer.data : answer.error) };
  }
}
