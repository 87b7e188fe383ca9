import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxPushServer, type SandboxPushServer } from '../../../../scripts/sandbox/push/server.js';

let server: SandboxPushServer;
const NOW = new Date('2026-12-01T02:00:00.000Z');

beforeAll(async () => {
  server = await startSandboxPushServer({ port: 0, host: '127.0.0.1', now: () => NOW });
});
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${server.url}/api/messages`, { method: 'DELETE' });
  await fetch(`${server.url}/api/faults`, { method: 'DELETE' });
});

const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const msg = (openid: string, extra: Record<string, unknown> = {}) => ({ openid, templateId: 'tpl_1', page: 'pages/index/index', data: { thing1: '账单待确认' }, ...extra });

describe('the sandbox push recorder', () => {
  it('answers its health', async () => {
    expect(await (await fetch(`${server.url}/`)).json()).toEqual({ service: 'essc-sandbox-push', status: 'ok' });
  });

  it('records accepted messages, lists them by user, template and ref (oldest first), clears them', async () => {
    const a = await post('/api/messages', msg('u1', { ref: 'nt_1' }));
    expect(a.status).toBe(201);
    const { messageId, at } = (await a.json()) as { messageId: string; at: string };
    expect(messageId).toMatch(/^pm_[A-Za-z0-9_-]{16}$/);
    expect(at).toBe(NOW.toISOString());
    await post('/api/messages', msg('u1', { templateId: 'tpl_2' }));
    await post('/api/messages', msg('u2'));

    const all = (await (await fetch(`${server.url}/api/messages`)).json()) as { messages: Array<Record<string, unknown>> };
    expect(all.messages.map((m) => [m.openid, m.templateId])).toEqual([
      ['u1', 'tpl_1'],
      ['u1', 'tpl_2'],
      ['u2', 'tpl_1'],
    ]);
    expect(all.messages[0]).toEqual({ messageId, openid: 'u1', templateId: 'tpl_1', page: 'pages/index/index', data: { thing1: '账单待确认' }, ref: 'nt_1', at });
    const byTemplate = (await (await fetch(`${server.url}/api/messages?openid=u1&templateId=tpl_2`)).json()) as { messages: unknown[] };
    expect(byTemplate.messages).toHaveLength(1);

    expect(await (await fetch(`${server.url}/api/messages?openid=u1`, { method: 'DELETE' })).json()).toEqual({ cleared: 2 });
    const left = (await (await fetch(`${server.url}/api/messages`)).json()) as { messages: Array<{ openid: string }> };
    expect(left.messages.map((m) => m.openid)).toEqual(['u2']);
  });

  it('refuses like a platform: a typed value that does not fit its type, bad ids, a malformed body', async () => {
    const cases: Array<[unknown, number, Record<string, unknown>]> = [
      [msg('u1', { data: { thing1: '这是一段超过二十个字符的事物描述，平台会拒绝它' } }), 400, { error: 'invalid_field', field: 'thing1' }],
      [msg('u1', { data: { amount2: '12.50' } }), 400, { error: 'invalid_field', field: 'amount2' }],
      [msg('u1', { data: {} }), 400, { error: 'invalid_data' }],
      [msg('u1', { data: { thing1: 3 } }), 400, { error: 'invalid_field', field: 'thing1' }],
      [msg(''), 400, { error: 'invalid_openid' }],
      [msg('u1', { templateId: 'has space' }), 400, { error: 'invalid_templateId' }],
      [msg('u1', { ref: 'bad ref' }), 400, { error: 'invalid_ref' }],
      ['{not json', 400, { error: 'invalid_json' }],
    ];
    for (const [body, status, answer] of cases) {
      const res = await post('/api/messages', body);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual(answer);
    }
    // A key of no known type keeps any short text; a typed value that fits is taken.
    expect((await post('/api/messages', msg('u1', { data: { title: '随便什么标题', amount2: '¥12.50' } }))).status).toBe(201);
  });

  it('faults: per user or for everyone, for a number of sends or until cleared; the user’s own comes first', async () => {
    expect((await post('/api/faults', { openid: 'u1', fault: 'not_subscribed' })).status).toBe(200);
    expect(await (await post('/api/faults', { fault: 'unavailable', count: 2 })).json()).toEqual({
      faults: [
        { openid: 'u1', fault: 'not_subscribed' },
        { fault: 'unavailable', remaining: 2 },
      ],
    });
    const r1 = await post('/api/messages', msg('u1'));
    expect([r1.status, await r1.json()]).toEqual([403, { error: 'not_subscribed' }]);
    const r2 = await post('/api/messages', msg('u2'));
    expect([r2.status, await r2.json()]).toEqual([503, { error: 'unavailable' }]);
    expect((await post('/api/messages', msg('u3'))).status).toBe(503);
    expect((await post('/api/messages', msg('u3'))).status).toBe(201); // the two are used up
    expect((await post('/api/messages', msg('u1'))).status).toBe(403); // until cleared
    await post('/api/faults', { openid: 'u1', fault: 'none' });
    expect((await post('/api/messages', msg('u1'))).status).toBe(201);
    expect(await (await fetch(`${server.url}/api/faults`)).json()).toEqual({ faults: [] });

    for (const bad of [{ fault: 'explode' }, { fault: 'unavailable', count: 0 }, { fault: 'unavailable', openid: '*' }]) {
      expect((await post('/api/faults', bad)).status).toBe(400);
    }
  });

  it('shows the messages on a zh-CN page, escaped, newest first', async () => {
    await post('/api/messages', msg('u1', { data: { thing1: '<b>第一条</b>' } }));
    await post('/api/messages', msg('u1', { data: { thing1: '第二条' } }));
    const res = await fetch(`${server.url}/messages?openid=u1`);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('服务通知');
    expect(html).toContain('&lt;b&gt;第一条&lt;/b&gt;');
    expect(html).not.toContain('<b>第一条</b>');
    expect(html.indexOf('第二条')).toBeLessThan(html.indexOf('第一条'));
    expect(await (await fetch(`${server.url}/messages?openid=nobody`)).text()).toContain('暂无消息');
  });

  it('answers 404 and 405 as JSON', async () => {
    const a = await fetch(`${server.url}/nope`);
    expect([a.status, await a.json()]).toEqual([404, { error: 'not_found' }]);
    const b = await fetch(`${server.url}/api/messages`, { method: 'PUT' });
    expect([b.status, await b.json()]).toEqual([405, { error: 'method_not_allowed' }]);
  });
});
