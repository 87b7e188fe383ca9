/**
 * What the partner platform (issue 10) costs per request, against a DynamoDB Local this run
 * starts, and how long a webhook takes from commit to receipt on the local stack.
 *
 * 1. Signature and rate limits: the same partner read (GET /v1/partner/users/{id} of a bound
 *    holder, audited) through three builds of its route: as deployed (the signer's channel and
 *    keys in one Query, HMAC, the nonce's conditional PutItem; the key's and the channel's
 *    counters, two conditional UpdateItems), without the rate limits (`limit: false`), and
 *    without either (the channel read by a GetItem, as a pre-verified caller would be).
 * 2. The outbox: a card change (loss reported / lifted, alternately) written with its outbox
 *    part (the card's bindings Query and one more item in the TransactWriteItems) and without.
 * 3. Webhook latency: changes committed at ~10/s while the local webhook worker
 *    (scripts/lib/webhookWorker.ts: DynamoDB Local's stream, polled every 500 ms as under
 *    `npm start`) relays and delivers them to a local receiver; commit → receipt p50/p99.
 *
 * Usage: npx tsx bench/partner.ts   Prints Markdown; writes bench/results/partner.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { STAGE } = await import('./lib/env.js');
const { signatureHeaders } = await import('@essc/sdk');
const { buildRoute } = await import('../functions/core/http/route.js');
const { recordTrail } = await import('../functions/core/audit/audit.store.js');
const { partnerRoute } = await import('../functions/channels/index.js');
const { getChannel } = await import('../functions/channels/channel.store.js');
const { channelKeys, updateChannel } = await import('../functions/channels/operations.js');
const { getPartnerUser } = await import('../functions/partners/partnerRoutes.js');
const { partnerUser } = await import('../functions/partners/partnerUsers.js');
const { cardChange, listBindingsOfCard } = await import('../functions/holder/index.js');
const { cardEventPart } = await import('../functions/webhooks/index.js');
const { endpointPut } = await import('../functions/webhooks/endpoint.store.js');
const { pii } = await import('../functions/core/pii/crypto.js');
const { transact } = await import('../functions/core/table/transaction.js');
const { tableName } = await import('../functions/core/table/ddb.js');
const { startWebhookWorker } = await import('../scripts/lib/webhookWorker.js');
const { startStack, claimHolders } = await import('./lib/stack.js');
const { httpEvent, context } = await import('./lib/ops.js');
const { Series, runBlock, statsOf } = await import('./lib/load.js');

const HOLDERS = 32;
const PER_BLOCK = 64;
const BLOCKS = 6;
const CHANNEL = 'sandbox';
const log = (l: string) => console.error(`[partner] ${l}`);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
type Stats = ReturnType<typeof statsOf>;

const stack = await startStack(STAGE, 300);
const md: string[] = [];
const results: Record<string, unknown> = {};
try {
  log('claiming holders');
  const holders = await claimHolders(stack.face, HOLDERS, 300);
  const key = await channelKeys.create(CHANNEL, { algorithm: 'HMAC-SHA256' });
  // This bench's own budget: the default 3000/min would refuse the blocks below.
  await updateChannel(CHANNEL, { callsPerMinute: 100_000 });

  // ---- 3. webhook latency (first: the worker reads the stream from now on) ----------
  {
    process.env.STAGE = 'test'; // the local stages' rules: a plain-http loopback endpoint
    const sent = new Map<string, number>();
    const latencies: number[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const at = Date.now();
        const event = JSON.parse(body) as { timestamp: string; data: { partnerUserId: string } };
        const t0 = sent.get(`${event.data.partnerUserId}|${event.timestamp}`);
        if (t0 !== undefined) latencies.push(at - t0);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const secretEnc = (await pii()).encrypt('secret', `whsec_${Buffer.from('bench-webhook-secret-0123').toString('base64')}`);
    const now = new Date().toISOString();
    await transact([['endpoint', endpointPut({ id: 'we_bench', ownerId: CHANNEL, url, events: ['card.loss_reported', 'card.loss_lifted'], state: 'enabled', secrets: [{ secretEnc, createdAt: now }], createdAt: now, version: 0 })]]);
    const worker = await startWebhookWorker({ endpoint: stack.ddb.endpoint, tableName: tableName() });
    const versions = holders.map((h) => h.card.version);
    const EVENTS = 200;
    for (let i = 0; i < EVENTS; i++) {
      const h = i % holders.length;
      const holder = holders[h]!;
      const lost = Math.floor(i / holders.length) % 2 === 0;
      const at = new Date();
      const bindings = await listBindingsOfCard(holder.card.cardId);
      await transact([
        ['card', cardChange(holder.card.cardId, versions[h]!, { status: lost ? 'lost_temporary' : 'normal' })],
        ['event', cardEventPart(lost ? 'card.loss_reported' : 'card.loss_lifted', holder.card.cardId, lost ? 'lost_temporary' : 'normal', at, bindings)],
      ]);
      sent.set(`${holder.session.openid}|${at.toISOString()}`, Date.now());
      versions[h]! += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
    const deadline = Date.now() + 30_000;
    while (latencies.length < EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await worker.stop();
    receiver.close();
    process.env.STAGE = STAGE;
    holders.forEach((h, i) => (h.card.version = versions[i]!));
    const s = statsOf(latencies, 1);
    results.webhookLatency = { events: EVENTS, received: latencies.length, p50: s.p50, p99: s.p99, max: Math.max(...latencies) };
    md.push(
      '### Webhook delivery: commit → receipt (local stack)',
      '',
      `${EVENTS} card changes committed at ~10/s; the local worker polls DynamoDB Local's stream every 500 ms (as under \`npm start\`), relays each outbox item to a delivery and posts it to a loopback receiver.`,
      '',
      '| received | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|',
      `| ${latencies.length}/${EVENTS} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} | ${Math.max(...latencies).toFixed(0)} |`,
      '',
    );
  }

  // ---- 1. signature and rate limits ------------------------------------------------
  {
    const handler = async ({ channel, params }: { channel: Parameters<typeof partnerUser>[0]; params: { partnerUserId: string } }) => ({ body: await partnerUser(channel, params.partnerUserId) });
    const spec = { ...getPartnerUser.route, handler };
    const variants = {
      deployed: getPartnerUser,
      noRateLimit: partnerRoute({ ...spec, limit: false } as never),
      neither: buildRoute(
        {
          auth: 'channel',
          middleware: { before: async ({ event }) => void (event.auth = await getChannel(CHANNEL)) },
          input: (event) => ({ channel: event.auth as Parameters<typeof partnerUser>[0] }),
          audit: { actorOf: () => ({ kind: 'channel', channelId: CHANNEL }), record: recordTrail },
        },
        spec as never,
      ),
    } as const;
    type Name = keyof typeof variants;
    const order: Name[] = ['deployed', 'noRateLimit', 'neither'];
    let next = 0;
    const measure = async (concurrency: number) => {
      const series = Object.fromEntries(order.map((k) => [k, new Series()])) as Record<Name, InstanceType<typeof Series>>;
      const block = async (name: Name) => {
        // Each request signed before its timed part (a fresh nonce each), as a partner's server would.
        const prepared = await Promise.all(
          Array.from({ length: PER_BLOCK }, async () => {
            const holder = holders[next++ % holders.length]!;
            const path = `/v1/partner/users/${holder.session.openid}`;
            const headers = await signatureHeaders({ channelId: CHANNEL, key: { algorithm: 'HMAC-SHA256', keyId: key.keyId, secret: key.secret! } }, { method: 'GET', url: `https://api.example${path}` });
            return httpEvent('GET', '/v1/partner/users/{partnerUserId}', path, headers, undefined, { partnerUserId: holder.session.openid });
          }),
        );
        const perWorker = Array.from({ length: concurrency }, (_, w) =>
          prepared.filter((_, i) => i % concurrency === w).map((event) => () => async () => {
            const res = await variants[name](event as never, context());
            if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} ${String(res.body).slice(0, 160)}`);
          }),
        );
        return runBlock(perWorker);
      };
      for (const name of order) await block(name); // warm-up, untimed
      for (let b = 0; b < BLOCKS; b++) for (const name of b % 2 ? [...order].reverse() : order) series[name].add(await block(name));
      return Object.fromEntries(order.map((n) => [n, series[n].stats()])) as Record<Name, Stats>;
    };
    const table = (title: string, stats: Record<Name, Stats>) => [
      title,
      '',
      '| variant | p50 ms | p99 ms | req/s | errors |',
      '|---|---|---|---|---|',
      ...order.map((n) => `| ${n} | ${stats[n].p50.toFixed(1)} | ${stats[n].p99.toFixed(1)} | ${stats[n].throughput.toFixed(0)} | ${stats[n].errors} |`),
      '',
      `Rate limits (key + channel counters): p50 ${ratio(stats.deployed.p50, stats.noRateLimit.p50)}× (deployed / noRateLimit). ` +
        `Signature (Query, HMAC, nonce claim): p50 ${ratio(stats.noRateLimit.p50, stats.neither.p50)}× (noRateLimit / neither). ` +
        `Both: p50 ${ratio(stats.deployed.p50, stats.neither.p50)}×, throughput ${ratio(stats.deployed.throughput, stats.neither.throughput)}×.`,
      '',
    ];
    const c16 = await measure(16);
    const c1 = await measure(1);
    results.signedRead = { concurrency16: c16, concurrency1: c1 };
    md.push('### Signature verification and rate limits per partner call', '', ...table(`GET /v1/partner/users/{id} (a bound holder, audited), concurrency 16, ${BLOCKS} blocks of ${PER_BLOCK}:`, c16), ...table('The same at concurrency 1:', c1));
  }

  // ---- 2. the outbox write ------------------------------------------------------------
  {
    const versions = holders.map((h) => h.card.version);
    const states = holders.map(() => false);
    const variants = {
      withOutbox: async (h: number) => {
        const holder = holders[h]!;
        const lost = !states[h];
        const at = new Date();
        await transact([
          ['card', cardChange(holder.card.cardId, versions[h]!, { status: lost ? 'lost_temporary' : 'normal' })],
          ['event', cardEventPart(lost ? 'card.loss_reported' : 'card.loss_lifted', holder.card.cardId, lost ? 'lost_temporary' : 'normal', at, await listBindingsOfCard(holder.card.cardId))],
        ]);
        versions[h]! += 1;
        states[h] = lost;
      },
      withoutOutbox: async (h: number) => {
        const holder = holders[h]!;
        const lost = !states[h];
        await transact([['card', cardChange(holder.card.cardId, versions[h]!, { status: lost ? 'lost_temporary' : 'normal' })]]);
        versions[h]! += 1;
        states[h] = lost;
      },
    } as const;
    type Name = keyof typeof variants;
    const order: Name[] = ['withOutbox', 'withoutOutbox'];
    const measure = async (concurrency: number) => {
      const series = Object.fromEntries(order.map((k) => [k, new Series()])) as Record<Name, InstanceType<typeof Series>>;
      // Each worker owns its own holders, so no two writes race for one card's version.
      const block = (name: Name) =>
        runBlock(Array.from({ length: concurrency }, (_, w) => Array.from({ length: PER_BLOCK / concurrency }, (_, i) => () => () => variants[name](w + concurrency * (i % Math.floor(HOLDERS / concurrency))))));
      for (const name of order) await block(name);
      for (let b = 0; b < BLOCKS; b++) for (const name of b % 2 ? [...order].reverse() : order) series[name].add(await block(name));
      return Object.fromEntries(order.map((n) => [n, series[n].stats()])) as Record<Name, Stats>;
    };
    const c16 = await measure(16);
    const c1 = await measure(1);
    results.outbox = { concurrency16: c16, concurrency1: c1 };
    const rows = (stats: Record<Name, Stats>) => order.map((n) => `| ${n} | ${stats[n].p50.toFixed(1)} | ${stats[n].p99.toFixed(1)} | ${stats[n].throughput.toFixed(0)} | ${stats[n].errors} |`);
    md.push(
      '### The outbox write per card change',
      '',
      `A card change (loss reported / lifted) as its TransactWriteItems, with its outbox part (the bindings Query + one Put in the same transaction) and without; ${BLOCKS} blocks of ${PER_BLOCK}.`,
      '',
      '| variant (concurrency 16) | p50 ms | p99 ms | writes/s | errors |',
      '|---|---|---|---|---|',
      ...rows(c16),
      '',
      '| variant (concurrency 1) | p50 ms | p99 ms | writes/s | errors |',
      '|---|---|---|---|---|',
      ...rows(c1),
      '',
      `Outbox: p50 ${ratio(c1.withOutbox.p50, c1.withoutOutbox.p50)}× at concurrency 1, ${ratio(c16.withOutbox.p50, c16.withoutOutbox.p50)}× at 16; throughput ${ratio(c16.withOutbox.throughput, c16.withoutOutbox.throughput)}×.`,
      '',
    );
  }

  const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'partner.json'), JSON.stringify({ when: new Date(), ...results }, null, 2));
  console.log(md.join('\n'));
} finally {
  await stack.stop();
}
