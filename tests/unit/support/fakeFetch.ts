/**
 * A fetch that replays recorded answers in order and records every request, for adapter
 * tests against the providers' documented request/response shapes.
 */
import { readFileSync } from 'node:fs';
import type { HttpFetch } from '../../../functions/providers/face.js';

export type Answer = Response | Error;

export interface Call {
  url: string;
  init: RequestInit;
}

export function fakeFetch(...answers: Answer[]): { fetch: HttpFetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: HttpFetch = async (url, init = {}) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected request to ${url}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, calls };
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A recorded provider fixture from tests/fixtures/providers. */
export const loadFixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/providers/${name}`, import.meta.url), 'utf8'));

export interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
}

/** A fetch for the signed clients' tests: records each request (bytes as sent) and answers `reply`. */
export function recordingFetch(reply: (s: Sent) => { status: number; body?: unknown; raw?: string } = () => ({ status: 200, body: { ok: true } })) {
  const sent: Sent[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    // The SDK's client (openapi-fetch) hands fetch one Request; plain callers a URL and init.
    const request = input instanceof Request ? input : new Request(String(input), init);
    const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const body = bytes && bytes.length > 0 ? bytes : undefined;
    const s: Sent = { method: request.method, url: new URL(request.url), headers: request.headers, body };
    sent.push(s);
    const r = reply(s);
    const text = r.raw ?? (r.body === undefined ? '' : JSON.stringify(r.body));
    return new Response(text || null, {
      status: r.status,
      headers: { 'content-type': r.status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}
