import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxFaceProvider } from '../../../../functions/providers/sandbox/face.js';
import { startSandboxFaceServer, type SandboxFaceServer } from '../../../../scripts/sandbox/face/server.js';

const subject = { name: '欧阳娜娜', idNumber: '320102199001011234' };
const MASKED_ID = '3201**********1234';

let server: SandboxFaceServer;
let provider: SandboxFaceProvider;
let clockMs = Date.parse('2025-05-01T00:00:00Z');

beforeAll(async () => {
  server = await startSandboxFaceServer({ port: 0, host: '127.0.0.1', ttlSeconds: 600, now: () => new Date(clockMs) });
  provider = new SandboxFaceProvider({ baseUrl: server.url });
});

afterAll(async () => {
  await server.close();
});

const postJson = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** What the face page's form sends when a button is pressed (the browser follows no redirect here). */
function pressButton(pageUrl: string, outcome: 'pass' | 'fail' | 'leave'): Promise<Response> {
  return fetch(pageUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `outcome=${outcome}`, redirect: 'manual' });
}

describe('sandbox face server over real HTTP', () => {
  it('listens on the port it was given (0 = any free port)', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('runs start → outcome pass → query passed through SandboxFaceProvider', async () => {
    const started = await provider.start({ outSeqNo: 'fv-pass-1', subject });
    expect(started.handoff.url).toBe(`${server.url}/face/${started.providerRef}`);
    expect(started.expiresAt.getTime()).toBe(clockMs + 600_000);

    const input = { providerRef: started.providerRef, outSeqNo: 'fv-pass-1', subject };
    expect(await provider.query(input)).toEqual({ status: 'pending' });

    const res = await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'pass' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'passed', outSeqNo: 'fv-pass-1' });
    expect(await provider.query(input)).toEqual({ status: 'passed' });
  });

  it('runs start → outcome fail → query failed', async () => {
    const started = await provider.start({ outSeqNo: 'fv-fail-1', subject });
    await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'fail' });
    expect(await provider.query({ providerRef: started.providerRef, outSeqNo: 'fv-fail-1', subject })).toEqual({
      status: 'failed',
      reason: 'simulated_failure',
    });
  });

  it('keeps the first outcome: a different second one is a 409, the same one is accepted', async () => {
    const started = await provider.start({ outSeqNo: 'fv-twice', subject });
    expect((await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'fail' })).status).toBe(200);
    expect((await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'fail' })).status).toBe(200);
    const conflict = await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'pass' });
    expect(conflict.status).toBe(409);
    expect(await provider.query({ providerRef: started.providerRef, outSeqNo: 'fv-twice', subject })).toMatchObject({ status: 'failed' });
  });

  it('serves a zh-CN face page with the three buttons and only masked personal data', async () => {
    const started = await provider.start({ outSeqNo: 'fv-page', subject });
    const res = await fetch(started.handoff.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<button id="face-pass"[^>]*>开始刷脸（通过）<\/button>/);
    expect(html).toMatch(/<button id="face-fail"[^>]*>模拟失败<\/button>/);
    expect(html).toMatch(/<button id="face-leave"[^>]*>离开（不完成）<\/button>/);
    expect(html).toContain('class="camera"');
    expect(html).toContain(MASKED_ID);
    expect(html).toContain('欧***');
    expect(html).not.toContain(subject.idNumber);
    expect(html).not.toContain(subject.name);
  });

  it('escapes what it echoes into the page', async () => {
    // the masks keep the first character: a name starting with '<' must come out as &lt;
    const started = await provider.start({ outSeqNo: 'fv-xss', subject: { name: '<b>', idNumber: '"<>&1234567890123' } });
    const html = await (await fetch(started.handoff.url!)).text();
    expect(html).toContain('&lt;**');
    expect(html).not.toContain('<**');
    expect(html).toContain('&quot;&lt;&gt;&amp;');
    expect(html).not.toContain('"<>&');
  });

  it('page pass button: records the outcome and redirects to returnUrl with faceToken', async () => {
    const started = await provider.start({ outSeqNo: 'fv-form', subject, returnUrl: 'https://app.example/done?x=1' });
    const res = await pressButton(started.handoff.url!, 'pass');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example/done');
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('faceToken')).toBe(started.providerRef);
    expect(await provider.query({ providerRef: started.providerRef, outSeqNo: 'fv-form', subject })).toEqual({ status: 'passed' });
    // once settled, the page shows the result instead of the buttons
    const html = await (await fetch(started.handoff.url!)).text();
    expect(html).not.toContain('id="face-pass"');
    expect(html).toContain('已通过');
  });

  it('page fail button without returnUrl: records the failure and shows a result page', async () => {
    const started = await provider.start({ outSeqNo: 'fv-form-fail', subject });
    const res = await pressButton(started.handoff.url!, 'fail');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('未通过');
    expect((await provider.query({ providerRef: started.providerRef, outSeqNo: 'fv-form-fail', subject })).status).toBe('failed');
  });

  it('page leave button: redirects without completing, the verification stays pending', async () => {
    const started = await provider.start({ outSeqNo: 'fv-leave', subject, returnUrl: 'https://app.example/done' });
    const res = await pressButton(started.handoff.url!, 'leave');
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!).searchParams.get('faceToken')).toBe(started.providerRef);
    expect(await provider.query({ providerRef: started.providerRef, outSeqNo: 'fv-leave', subject })).toEqual({ status: 'pending' });
  });

  it('answers 404 JSON for unknown tokens and paths', async () => {
    for (const [method, path] of [
      ['GET', '/api/verifications/AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['GET', '/face/AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['POST', '/api/verifications/AAAAAAAAAAAAAAAAAAAAAAAA/outcome'],
      ['GET', '/api/verifications/..%2F..%2Fetc'],
      ['GET', '/nowhere'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{"outcome":"pass"}' } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ error: 'not_found' });
    }
    expect(
      await provider.query({ providerRef: 'AAAAAAAAAAAAAAAAAAAAAAAA', outSeqNo: 'x', subject }),
    ).toEqual({ status: 'failed', reason: 'unknown_or_expired' });
  });

  it('validates input', async () => {
    expect((await postJson('/api/verifications', { outSeqNo: 'a', name: '', idNumber: '1' })).status).toBe(400);
    expect((await postJson('/api/verifications', { outSeqNo: 'a', name: 'n', idNumber: '1', returnUrl: 'javascript:alert(1)' })).status).toBe(400);
    const bad = await fetch(`${server.url}/api/verifications`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_json' });
    const started = await provider.start({ outSeqNo: 'fv-validate', subject });
    expect((await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'maybe' })).status).toBe(400);
    expect((await fetch(`${server.url}/api/verifications`)).status).toBe(405);
  });

  it('expires an unfinished verification after its TTL', async () => {
    const started = await provider.start({ outSeqNo: 'fv-expire', subject });
    clockMs += 601_000;
    try {
      expect(await provider.query({ providerRef: started.providerRef, outSeqNo: 'fv-expire', subject })).toEqual({
        status: 'failed',
        reason: 'expired',
      });
      expect((await postJson(`/api/verifications/${started.providerRef}/outcome`, { outcome: 'pass' })).status).toBe(410);
    } finally {
      clockMs -= 601_000;
    }
  });
});

describe('sandbox face server lifecycle', () => {
  it('stops answering after close()', async () => {
    const s = await startSandboxFaceServer({ port: 0 });
    expect((await fetch(`${s.url}/`)).status).toBe(200);
    await s.close();
    await expect(fetch(`${s.url}/`)).rejects.toThrow();
  });
});
