/**
 * The local sandbox services' transport (face service, payer, push recorder): JSON over HTTP
 * with a timeout. Each adapter keeps its own protocol and decides what a failure means.
 */
import type { HttpFetch } from '../face.js';

export interface SandboxServiceOptions {
  /** Where the service listens, e.g. http://127.0.0.1:3100. */
  baseUrl: string;
  fetch?: HttpFetch;
  timeoutMs?: number;
}

export interface SandboxAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** An adapter of one sandbox service, its transport built from the adapter's options. */
export abstract class SandboxClient {
  protected readonly service: SandboxService;

  constructor(options: SandboxServiceOptions) {
    this.service = new SandboxService(options);
  }
}

export class SandboxService {
  private readonly baseUrl: string;
  private readonly fetchImpl: HttpFetch;
  private readonly timeoutMs: number;

  constructor(options: SandboxServiceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** One request; rejects as fetch does when the service cannot be reached in time. */
  send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method, signal: AbortSignal.timeout(this.timeoutMs) };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    return this.fetchImpl(`${this.baseUrl}${path}`, init);
  }

  /**
   * One request whose answer must be a JSON object with a status below 500. `service` names the
   * service in the messages; `fail` builds the adapter's own error from one.
   */
  async json(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    service: string,
    fail: (message: string, cause?: unknown) => Error,
  ): Promise<SandboxAnswer> {
    let response: Response;
    try {
      response = await this.send(method, path, body);
    } catch (err) {
      throw fail(`${service} unreachable`, err);
    }
    if (response.status >= 500) throw fail(`${service} answered HTTP ${response.status}`);
    try {
      return { status: response.status, json: jsonObject(await response.json()) };
    } catch (err) {
      throw fail(`${service} answer is not JSON`, err);
    }
  }
}

/** The value when it is a JSON object; throws otherwise. */
export function jsonObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('not an object');
  return value as Record<string, unknown>;
}
