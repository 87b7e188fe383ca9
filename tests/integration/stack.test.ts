/**
 * The local stack's foundations: the DynamoDB Local tables match serverless.yml, the engine
 * behaves like DynamoDB where we rely on it (transactions roll back, GSIs answer), the
 * harness hands tests the stage's settings, and the H5 static server serves an SPA.
 */
import { BANK_ORIGINS } from '../../scripts/lib/ports.js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import {
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoDbClient } from '../../scripts/lib/dynamodbLocal.js';
import { startStaticServer, type StaticServer } from '../../scripts/lib/staticServer.js';
import {
  createTablesFromServerlessYml,
  loadServerlessYml,
  tableDefinitionsFromServerless,
} from '../../scripts/lib/tables.js';
import { get as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const { endpoint, tableName } = inject('ddb');
const config = loadServerlessYml();
const definitions = tableDefinitionsFromServerless(config, { stage: 'test', env: process.env });
const table = definitions.find((d) => d.create.TableName === tableName)!;

let client: DynamoDBClient;
beforeAll(() => {
  client = localDynamoDbClient(endpoint);
});
afterAll(() => client.destroy());

const sortByName = <T extends { AttributeName?: string }>(list: T[] = []): T[] =>
  [...list].sort((a, b) => (a.AttributeName ?? '').localeCompare(b.AttributeName ?? ''));

describe('tables created from serverless.yml', () => {
  it('the table the Lambdas use (TABLE_NAME for stage test) is one of them', () => {
    expect(tableName).toBe('essc-test');
    expect(table).toBeDefined();
  });

  it('has the key schema, attributes, GSIs and billing mode of serverless.yml', async () => {
    for (const def of definitions) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: def.create.TableName }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual(def.create.KeySchema);
      expect(sortByName(Table?.AttributeDefinitions)).toEqual(sortByName(def.create.AttributeDefinitions));
      expect(Table?.BillingModeSummary?.BillingMode ?? 'PROVISIONED').toBe(def.create.BillingMode);
      const described = (Table?.GlobalSecondaryIndexes ?? [])
        .map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }))
        .sort((a, b) => a.IndexName!.localeCompare(b.IndexName!));
      const declared = (def.create.GlobalSecondaryIndexes ?? [])
        .map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }))
        .sort((a, b) => a.IndexName!.localeCompare(b.IndexName!));
      expect(described).toEqual(declared);
    }
  });

  it('the single table has pk/sk, the gsi1 index and TTL on the attribute serverless.yml names', async () => {
    // The architecture (docs/architecture.md) depends on these: a change must be deliberate.
    expect(table.create.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.create.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toContain('gsi1');
    expect(table.timeToLive).toEqual({ AttributeName: 'ttl', Enabled: true });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('creating them again is a no-op (idempotent)', async () => {
    const again = await createTablesFromServerlessYml({ endpoint, stage: 'test' });
    expect(again.created).toEqual([]);
    expect(Object.values(again.tables)).toContain(tableName);
  });
});

describe('DynamoDB Local as the engine', () => {
  const id = randomUUID();
  const key = (pk: string) => ({ pk: { S: `TEST#${id}#${pk}` }, sk: { S: 'ITEM' } });

  it('rolls back a TransactWriteItems whose condition fails, and reports which one', async () => {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key('balance'), amount: { N: '100' } } }));

    const debit = (amount: number) =>
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...key('ledger'), amount: { N: String(amount) } } } },
          {
            Update: {
              TableName: tableName,
              Key: key('balance'),
              UpdateExpression: 'SET amount = amount - :a',
              ConditionExpression: 'amount >= :a',
              ExpressionAttributeValues: { ':a': { N: String(amount) } },
            },
          },
        ],
      });

    const err = await client.send(debit(150)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect((err as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    // Nothing of the failed transaction was written.
    const ledger = await client.send(new GetItemCommand({ TableName: tableName, Key: key('ledger'), ConsistentRead: true }));
    expect(ledger.Item).toBeUndefined();
    const balance = await client.send(new GetItemCommand({ TableName: tableName, Key: key('balance'), ConsistentRead: true }));
    expect(balance.Item?.amount).toEqual({ N: '100' });

    // The same transaction within the balance commits both writes.
    await client.send(debit(60));
    const after = await client.send(new GetItemCommand({ TableName: tableName, Key: key('balance'), ConsistentRead: true }));
    expect(after.Item?.amount).toEqual({ N: '40' });
    const written = await client.send(new GetItemCommand({ TableName: tableName, Key: key('ledger'), ConsistentRead: true }));
    expect(written.Item?.amount).toEqual({ N: '60' });
  });

  it('answers queries on the gsi1 index', async () => {
    const gsi1pk = `TESTSTATUS#${id}`;
    for (const n of [2, 1, 3]) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key(`r${n}`), gsi1pk: { S: gsi1pk }, gsi1sk: { S: `2026-01-0${n}` } },
        }),
      );
    }
    const res = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk >= :from',
        ExpressionAttributeValues: { ':p': { S: gsi1pk }, ':from': { S: '2026-01-02' } },
      }),
    );
    expect(res.Items?.map((i) => i.gsi1sk?.S)).toEqual(['2026-01-02', '2026-01-03']);
    for (const n of [1, 2, 3]) await client.send(new DeleteItemCommand({ TableName: tableName, Key: key(`r${n}`) }));
  });
});

describe('the harness', () => {
  it("gives tests the test stage's settings from serverless.yml, pointed at this DynamoDB Local", () => {
    const params = (config.params as Record<string, Record<string, unknown>>).test!;
    expect(process.env.STAGE).toBe('test');
    expect(process.env.TABLE_NAME).toBe(tableName);
    expect(process.env.DYNAMODB_ENDPOINT).toBe(endpoint);
    expect(process.env.PII_KEY_SOURCE).toBe(params.piiKeySource);
    expect(process.env.PII_LOCAL_KEY).toBe(params.piiLocalKey);
    expect(process.env.SESSION_SECRET).toBe(params.sessionSecret);
    expect(endpoint).toBe('http://127.0.0.1:8001');
  });
});

/** A build-sized script: the ~490 KB of JavaScript the H5 app loads compresses ~4x. */
const BIG_JS = Array.from({ length: 4000 }, (_, i) => `export function f${i}(a,b){return a+b*${i}+"essc-${i % 97}";}`).join('\n');

/** A GET without the client decompressing (Node's fetch would), to see the bytes on the wire. */
function wireGet(url: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    httpGet(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string | undefined>, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    }).on('error', fail);
  });
}

describe('the H5 static server', () => {
  let dir: string;
  let server: StaticServer;
  const API = 'http://127.0.0.1:3999';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'essc-h5-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><div id="app"></div><script src="/js/app.3f2a9c1b.js"></script></body></html>');
    mkdirSync(join(dir, 'js'));
    writeFileSync(join(dir, 'js', 'app.3f2a9c1b.js'), 'console.log(window.__ESSC_API_URL__);');
    mkdirSync(join(dir, 'css'));
    writeFileSync(join(dir, 'css', 'app.css'), 'body{}');
    writeFileSync(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    writeFileSync(join(dir, 'js', 'big.0a1b2c3d4e.js'), BIG_JS);
    server = await startStaticServer({ root: dir, port: 0, apiUrl: API });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compresses text with brotli when the browser takes it, else gzip; never already-compressed fonts; serves a favicon', async () => {
    const br = await wireGet(`${server.url}/js/big.0a1b2c3d4e.js`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(BIG_JS);
    expect(br.body.length).toBeLessThan(BIG_JS.length / 4);
    const gz = await wireGet(`${server.url}/js/big.0a1b2c3d4e.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(BIG_JS);
    const plain = await wireGet(`${server.url}/js/big.0a1b2c3d4e.js`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(BIG_JS);
    // Never a font (already compressed), nor an answer under 1 KiB (the index page here).
    expect((await wireGet(`${server.url}/`, 'br')).headers['content-encoding']).toBeUndefined();
    expect((await wireGet(`${server.url}/font.woff2`, 'br')).headers['content-encoding']).toBeUndefined();
    const icon = await wireGet(`${server.url}/favicon.ico`, 'identity');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body.toString('utf8')).toMatch(/^<svg /);
  });

  it('injects window.__ESSC_API_URL__ first in the head of index.html', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeDefined();
    expect(html).toContain(`<head><script nonce="${nonce}">window.__ESSC_API_URL__=${JSON.stringify(API)};</script><meta charset="utf-8">`);
    // The build's own script keeps its src and gets no nonce: 'self' allows it.
    expect(html).toContain('<script src="/js/app.3f2a9c1b.js"></script>');
  });

  it('sends the security headers on pages and files: CSP with a fresh nonce, framing only by the partner apps, no sniffing, no referrer', async () => {
    const first = await fetch(`${server.url}/`);
    const second = await fetch(`${server.url}/pages/card/index`, { headers: { accept: 'text/html' } });
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    // Only the seeded partner (演示银行) pages may embed the card; X-Frame-Options cannot name origins, so CSP alone says it.
    expect(csp.split('; ')).toContain(`frame-ancestors ${BANK_ORIGINS.join(' ')}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src 'self' ${API}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(second.headers.get('content-security-policy')).not.toBe(csp);
    for (const res of [first, second, await fetch(`${server.url}/js/app.3f2a9c1b.js`), await fetch(`${server.url}/js/missing.js`)]) {
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), res.url).toBeNull();
      expect(res.headers.get('referrer-policy'), res.url).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), res.url).toContain(`frame-ancestors ${BANK_ORIGINS.join(' ')}`);
    }
  });

  it('serves files with their content types', async () => {
    const cases: Array<[string, string]> = [
      ['/js/app.3f2a9c1b.js', 'text/javascript; charset=utf-8'],
      ['/css/app.css', 'text/css; charset=utf-8'],
      ['/logo.svg', 'image/svg+xml'],
      ['/font.woff2', 'font/woff2'],
    ];
    for (const [path, type] of cases) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
    }
    const js = await fetch(`${server.url}/js/app.3f2a9c1b.js`);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log(window.__ESSC_API_URL__);');
  });

  it('falls back to index.html for client-side routes, but not for missing assets', async () => {
    for (const path of ['/pages/card/index', '/pages/claim/index?from=home', '/deep/link/']) {
      const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('window.__ESSC_API_URL__');
    }
    const missing = await fetch(`${server.url}/js/missing.js`);
    expect(missing.status).toBe(404);
  });

  it('never serves files outside its directory', async () => {
    const name = `essc-secret-${randomUUID()}.txt`;
    const outside = join(dir, '..', name);
    writeFileSync(outside, 'secret');
    try {
      // Raw paths: fetch() would normalise the dots away before sending.
      for (const path of [`/../${name}`, `/..%2f${name}`, `/%2e%2e%2f${name}`, `/js/..%2f..%2f${name}`]) {
        const res = await rawGet(server.port, path);
        expect(res.body, path).not.toContain('secret');
        expect(res.status, path).toBeGreaterThanOrEqual(200);
      }
      expect((await rawGet(server.port, `/..%2f${name}`)).status).toBe(403);
    } finally {
      rmSync(outside);
    }
  });
});

function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
