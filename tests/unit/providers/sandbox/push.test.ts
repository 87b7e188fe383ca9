import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PushMessage } from '../../../../functions/providers/push.js';
import { SandboxPushProvider } from '../../../../functions/providers/sandbox/push.js';
import { startSandboxPushServer, type SandboxPushServer } from '../../../../scripts/sandbox/push/server.js';
import { fakeFetch, json } from '../../support/fakeFetch.js';

let server: SandboxPushServer;
let provider: SandboxPushProvider;

beforeAll(async () => {
  server = await startSandboxPushServer({ port: 0 });
  provider = new SandboxPushProvider({ baseUrl: `${server.url}/` });
});
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${server.url}/api/messages`, { method: 'DELETE' });
  await fetch(`${server.url}/api/faults`, { method: 'DELETE' });
});

const message: PushMessage = {
  openid: 'sandbox-user-1',
  templateId: 'tpl_bill_awaiting_payment',
  page: '/pages/bill/index?id=bl_1',
  data: { thing1: '演示大药房（南京市鼓楼区中山北路店）门诊缴费', amount2: '12.50', time3: '2026-12-01T02:03:00Z' },
  ref: 'nt_0001',
};

const listed = async (query = '') => ((await (await fetch(`${server.url}/api/messages${query}`)).json()) as { messages: Array<Record<string, unknown>> }).messages;
const fault = (body: unknown) => fetch(`${server.url}/api/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('SandboxPushProvider against the sandbox push recorder', () => {
  it('sends once; the recorder holds the message as a platform would show it (values fitted, page without slash)', async () => {
    const outcome = await provider.send(message);
    expect(outcome.sent).toBe(true);
    const messages = await listed('?openid=sandbox-user-1');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      messageId: outcome.sent ? outcome.messageId : '',
      openid: 'sandbox-user-1',
      templateId: 'tpl_bill_awaiting_payment',
      page: 'pages/bill/index?id=bl_1',
      ref: 'nt_0001',
      data: { thing1: '演示大药房（南京市鼓楼区中山北路店）门…', amount2: '¥12.50', time3: '2026年12月01日 10:03' },
    });
    expect(await listed('?ref=nt_0001')).toHaveLength(1);
    expect(await listed('?openid=someone-else')).toHaveLength(0);
  });

  it('a user made to refuse is not_subscribed, an outage unavailable; other users are not affected', async () => {
    await fault({ openid: 'sandbox-user-1', fault: 'not_subscribed' });
    expect(await provider.send(message)).toEqual({ sent: false, reason: 'not_subscribed', providerCode: 'not_subscribed' });
    expect((await provider.send({ ...message, openid: 'sandbox-user-2' })).sent).toBe(true);

    await fault({ fault: 'unavailable', count: 1 });
    expect(await provider.send({ ...message, openid: 'sandbox-user-3' })).toEqual({ sent: false, reason: 'unavailable', providerCode: 'unavailable' });
    expect((await provider.send({ ...message, openid: 'sandbox-user-3' })).sent).toBe(true);

    expect(await listed('?openid=sandbox-user-1')).toHaveLength(0);
    expect((await listed()).map((m) => m.openid)).toEqual(['sandbox-user-2', 'sandbox-user-3']);
  });

  it('a value that cannot fit is rejected before the recorder; one the recorder refuses is rejected with its code', async () => {
    expect(await provider.send({ ...message, data: { phrase1: '等待持卡人确认' } })).toEqual({ sent: false, reason: 'rejected', providerCode: 'field:phrase1:too_long' });
    expect(await provider.send({ ...message, templateId: 'bad template id' })).toEqual({ sent: false, reason: 'rejected', providerCode: 'invalid_templateId' });
    expect(await listed()).toHaveLength(0);
  });

  it('a recorder that is not there is unavailable', async () => {
    const gone = await startSandboxPushServer({ port: 0 });
    await gone.close();
    expect(await new SandboxPushProvider({ baseUrl: gone.url, timeoutMs: 2000 }).send(message)).toEqual({ sent: false, reason: 'unavailable', providerCode: 'network' });
  });

  it('reads odd answers safely', async () => {
    const { fetch } = fakeFetch(json({ nope: true }, 201), new Response('<html/>', { status: 500 }), json({ error: 'not_subscribed' }, 403));
    const p = new SandboxPushProvider({ baseUrl: 'http://127.0.0.1:1', fetch });
    expect(await p.send(message)).toEqual({ sent: false, reason: 'unavailable', providerCode: 'unreadable' });
    expect(await p.send(message)).toEqual({ sent: false, reason: 'unavailable', providerCode: 'http_500' });
    expect(await p.send(message)).toEqual({ sent: false, reason: 'not_subscribed', providerCode: 'not_subscribed' });
  });
});
