/**
 * A fetch that replays recorded answers in order and records every request, for adapter
 * tests against the providers' documented request/response shapes.
 */
import { readFileSync } from 'node:fs';
import type { HttpFetch } from '../../../functions/face/provider.js';

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
