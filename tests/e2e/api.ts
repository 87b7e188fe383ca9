/**
 * Set-up steps the e2e tests take through the public HTTP API rather than the browser,
 * when the step is not what the test is about (e.g. a parent claiming their own card
 * before a helper binds them): the same calls the app makes, and the sandbox face
 * provider's outcome endpoint in place of a face.
 */
import { expect } from 'vitest';
import type { SeedPerson } from '../../functions/seed/people.js';

export interface ApiHolder {
  token: string;
  cardId: string;
  userId: string;
}

async function call<T>(apiUrl: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function sessionOf(apiUrl: string, userId: string): Promise<string> {
  const { token } = await call<{ token: string }>(apiUrl, 'POST', '/v1/sessions', undefined, {
    channelId: 'sandbox',
    platform: 'h5',
    loginCode: `sandbox:${userId}`,
  });
  return token;
}

/** A sandbox user claims `person`'s card: face check (passed at the sandbox) and PIN. */
export async function claimViaApi(apiUrl: string, faceUrl: string, userId: string, person: SeedPerson, pin: string): Promise<ApiHolder> {
  const token = await sessionOf(apiUrl, userId);
  const started = await call<{ id: string; handoff: { url: string } }>(apiUrl, 'POST', '/v1/face-verifications', token, {
    purpose: 'claim',
    name: person.name,
    idNumber: person.idNumber,
  });
  const faceToken = new URL(started.handoff.url).pathname.split('/').pop()!;
  const outcome = await fetch(`${faceUrl}/api/verifications/${faceToken}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'pass' }),
  });
  expect(outcome.status).toBe(200);
  const result = await call<{ status: string }>(apiUrl, 'POST', `/v1/face-verifications/${started.id}/result`, token);
  expect(result.status).toBe('passed');
  const { card } = await call<{ card: { id: string } }>(apiUrl, 'POST', '/v1/cards/claims', token, {
    name: person.name,
    idNumber: person.idNumber,
    faceVerificationId: started.id,
    pin,
    consent: true,
  });
  return { token, cardId: card.id, userId };
}

export function getJson<T>(apiUrl: string, path: string, token: string): Promise<T> {
  return call<T>(apiUrl, 'GET', path, token);
}
