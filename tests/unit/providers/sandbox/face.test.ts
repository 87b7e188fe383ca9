import { describe, expect, it } from 'vitest';
import { FaceProviderError, type HttpFetch } from '../../../../functions/providers/face.js';
import { SandboxFaceProvider } from '../../../../functions/providers/sandbox/face.js';
import { fakeFetch, json } from '../../support/fakeFetch.js';

const subject = { name: '赵六', idNumber: '320102199001011234' };
const provider = (fetch: HttpFetch) => new SandboxFaceProvider({ baseUrl: 'http://127.0.0.1:3100/', fetch });

describe('SandboxFaceProvider (against recorded sandbox answers)', () => {
  it('starts with POST /api/verifications and hands off token and url', async () => {
    const { fetch, calls } = fakeFetch(
      json({ token: 'tok_abcdefghijklmnop', url: 'http://127.0.0.1:3100/face/tok_abcdefghijklmnop', expiresAt: '2025-01-01T00:30:00.000Z' }, 201),
    );
    const started = await provider(fetch).start({ outSeqNo: 'fv1', subject, returnUrl: 'https://app.example/back' });
    expect(calls[0]!.url).toBe('http://127.0.0.1:3100/api/verifications');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      outSeqNo: 'fv1',
      name: '赵六',
      idNumber: '320102199001011234',
      returnUrl: 'https://app.example/back',
    });
    expect(started).toEqual({
      providerRef: 'tok_abcdefghijklmnop',
      handoff: { token: 'tok_abcdefghijklmnop', url: 'http://127.0.0.1:3100/face/tok_abcdefghijklmnop' },
      expiresAt: new Date('2025-01-01T00:30:00.000Z'),
    });
  });

  it('queries GET /api/verifications/<token> and maps each status', async () => {
    const { fetch, calls } = fakeFetch(
      json({ status: 'passed', outSeqNo: 'fv1' }),
      json({ status: 'pending', outSeqNo: 'fv1' }),
      json({ status: 'failed', reason: 'simulated_failure', outSeqNo: 'fv1' }),
    );
    const p = provider(fetch);
    const input = { providerRef: 'tok/1', outSeqNo: 'fv1', subject };
    expect(await p.query(input)).toEqual({ status: 'passed' });
    expect(await p.query(input)).toEqual({ status: 'pending' });
    expect(await p.query(input)).toEqual({ status: 'failed', reason: 'simulated_failure' });
    expect(calls[0]!.url).toBe('http://127.0.0.1:3100/api/verifications/tok%2F1');
    expect(calls[0]!.init.method).toBe('GET');
  });

  it('does not pass a token that belongs to another verification', async () => {
    const { fetch } = fakeFetch(json({ status: 'passed', outSeqNo: 'someone-else' }));
    expect(await provider(fetch).query({ providerRef: 't', outSeqNo: 'fv1', subject })).toEqual({
      status: 'failed',
      reason: 'mismatch (outSeqNo)',
    });
  });

  it('treats an unknown token (404) as a failed verification', async () => {
    const { fetch } = fakeFetch(json({ error: 'not_found' }, 404));
    expect(await provider(fetch).query({ providerRef: 't', outSeqNo: 'fv1', subject })).toEqual({
      status: 'failed',
      reason: 'unknown_or_expired',
    });
  });

  it('throws on a 5xx, an unreadable status and a network failure, without personal data', async () => {
    await expect(provider(fakeFetch(json({ error: 'internal_error' }, 500)).fetch).query({ providerRef: 't', outSeqNo: 'fv1', subject })).rejects.toBeInstanceOf(FaceProviderError);
    await expect(provider(fakeFetch(json({ status: 'maybe' })).fetch).query({ providerRef: 't', outSeqNo: 'fv1', subject })).rejects.toThrow(/unreadable/);
    const boom = new TypeError('fetch failed');
    const err = await provider(fakeFetch(boom).fetch).start({ outSeqNo: 'fv1', subject }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceProviderError);
    expect((err as Error).cause).toBe(boom);
    expect((err as Error).message).not.toContain(subject.idNumber);
    const bad = await provider(fakeFetch(json({ error: 'invalid_name' }, 400)).fetch).start({ outSeqNo: 'fv1', subject }).catch((e: unknown) => e);
    expect((bad as Error).message).toBe('Sandbox face start answered HTTP 400 (invalid_name)');
  });
});
