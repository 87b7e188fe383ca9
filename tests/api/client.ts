/** A small HTTP client for API and e2e tests against serverless-offline. */
import { inject } from 'vitest';
import { expectDocumentedAnswer } from './contract.js';

export const apiUrl = () => inject('apiUrl');
export const faceUrl = () => inject('faceUrl');

export interface Res {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export async function call(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(apiUrl() + path, { method, headers, body });
  const text = await res.text();
  let parsed: Record<string, any> = {};
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { _text: text };
    }
  }
  expectDocumentedAnswer(method, path, res.status, res.headers.get('content-type'), parsed);
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function login(user: string): Promise<string> {
  const res = await call('POST', '/v1/sessions', { body: { channelId: 'sandbox', platform: 'h5', loginCode: `sandbox:${user}` } });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** Starts a verification, lets the sandbox page decide it, asks the API for the result. */
export async function face(token: string, purpose: string, outcome: 'pass' | 'fail', subject?: { name: string; idNumber: string }) {
  const started = await call('POST', '/v1/face-verifications', { token, body: { purpose, ...subject } });
  if (started.status !== 201) throw new Error(`face start failed: ${started.status} ${JSON.stringify(started.body)}`);
  const faceToken = new URL(started.body.handoff.url).pathname.split('/').pop();
  const chosen = await fetch(`${faceUrl()}/api/verifications/${faceToken}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  if (!chosen.ok) throw new Error(`sandbox outcome: ${chosen.status}`);
  const result = await call('POST', `/v1/face-verifications/${started.body.id}/result`, { token });
  return { id: started.body.id as string, started, result };
}

/** A sandbox user claims `person`'s card over HTTP: face check passed at the sandbox, then the claim. */
export async function claimOverHttp(user: string, person: { name: string; idNumber: string }, pin: string): Promise<{ token: string; cardId: string }> {
  const token = await login(user);
  const f = await face(token, 'claim', 'pass', person);
  const res = await call('POST', '/v1/cards/claims', {
    token,
    body: { name: person.name, idNumber: person.idNumber, faceVerificationId: f.id, pin, consent: true },
  });
  if (res.status !== 201) throw new Error(`claim failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token, cardId: res.body.card.id as string };
}

export function expectProblem(res: Res, status: number, code: string) {
  if (res.status !== status || res.body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (!res.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${res.headers.get('content-type')}`);
  }
}

import { signatureHeaders } from '@essc/sdk';

export const DEMO_PHARMACY = { id: 'demo-pharmacy', secret: 'demo-pharmacy-secret-not-for-production' };

export interface SignOptions {
  institution?: { id: string; secret: string };
  timestamp?: number;
  nonce?: string;
  tamper?: (headers: Record<string, string>) => void;
  headers?: Record<string, string>;
}

/** A terminal request signed by the SDK as API.md says; options bend it for the refusal tests. */
export async function terminal(method: string, pathWithQuery: string, body?: unknown, opts: SignOptions = {}): Promise<Res> {
  const inst = opts.institution ?? DEMO_PHARMACY;
  const raw = body === undefined ? '' : JSON.stringify(body);
  const signed = await signatureHeaders(
    { institutionId: inst.id, key: { algorithm: 'HMAC-SHA256', secret: inst.secret } },
    { method, url: apiUrl() + pathWithQuery, body: raw, timestamp: opts.timestamp, nonce: opts.nonce },
  );
  const headers: Record<string, string> = {
    ...signed,
    ...(raw ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  opts.tamper?.(headers);
  return call(method, pathWithQuery, { raw: raw || undefined, headers });
}
