/**
 * Where a webhook may go: on a deployed stage never to a private address, checked on the
 * connection's own lookup (so DNS rebinding cannot slip a private address past a first check)
 * and on address literals; no redirect is followed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../functions/webhooks/deliver.js';

let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/target' });
      res.end();
      return;
    }
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());
afterEach(() => {
  delete process.env.STAGE;
  hits.length = 0;
});

describe('postWebhook', () => {
  it('on a deployed stage refuses hosts that resolve to private addresses and private literals, before any byte is sent', async () => {
    delete process.env.STAGE;
    for (const url of [`http://localhost:${port}/h`, `http://127.0.0.1:${port}/h`, `http://[::1]:${port}/h`, 'http://10.1.2.3/h', 'http://169.254.169.254/latest/meta-data']) {
      expect(await postWebhook(url, {}, '{}'), url).toEqual({ error: 'the host resolves to a private address' });
    }
    expect(hits).toEqual([]);
  });

  it('on the local stages reaches loopback, and follows no redirect', async () => {
    process.env.STAGE = 'test';
    expect(await postWebhook(`http://127.0.0.1:${port}/h`, { 'content-type': 'application/json' }, '{"a":1}')).toEqual({ statusCode: 204 });
    expect(await postWebhook(`http://localhost:${port}/redirect`, {}, '{}')).toEqual({ statusCode: 302 });
    expect(hits).toEqual(['/h', '/redirect']);
    expect(await postWebhook('http://127.0.0.1:1/h', {}, '{}')).toEqual({ error: 'no answer' });
  });
});
