/**
 * What the issue 9 protections cost per request: the same holder read (GET /v1/cards/me,
 * personal information, so it is audited) through three builds of its route, at concurrency
 * 16 (throughput: every extra write is work for the one DynamoDB Local) and 1 (latency: the
 * limit count runs alongside the handler's reads, the access log entry after them), against
 * a DynamoDB Local this run starts: as deployed (rate-limit gate: one UpdateItem; access log:
 * one PutItem), without the access log, and without either. Variants alternate in blocks
 * (A B C, C B A, ...) so drift affects all alike.
 *
 * Usage: npx tsx bench/features.ts   Prints Markdown; writes bench/results/features.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { STAGE } = await import('./lib/env.js');

const { buildRoute } = await import('../functions/core/http/route.js');
const { holderAuthentication } = await import('../functions/core/http/holderRoute.js');
const { getMyCard } = await import('../functions/cards/cardsRoutes.js');
const { myCard } = await import('../functions/cards/myCard.js');
const { startStack, claimHolders } = await import('./lib/stack.js');
const { httpEvent, context } = await import('./lib/ops.js');
const { Series, runBlock } = await import('./lib/load.js');

const HOLDERS = 64;
const PER_BLOCK = 64;
const BLOCKS = 6;
const log = (l: string) => console.error(`[features] ${l}`);

const spec = { ...getMyCard.route, handler: async ({ session }: { session: Parameters<typeof myCard>[0] }) => ({ body: { card: await myCard(session) } }) };
const variants = {
  deployed: getMyCard,
  noAuditLog: buildRoute({ ...holderAuthentication, audit: undefined }, spec),
  neither: buildRoute({ ...holderAuthentication, audit: undefined, limited: undefined }, spec),
} as const;
type Name = keyof typeof variants;

const stack = await startStack(STAGE, 300);
try {
  log('claiming holders');
  const holders = await claimHolders(stack.face, HOLDERS, 300);
  const events = holders.map((h) => httpEvent('GET', '/v1/cards/me', '/v1/cards/me', { authorization: `Bearer ${h.token}` }));
  let next = 0;
  const measure = async (CONCURRENCY: number) => {
  const series = Object.fromEntries(Object.keys(variants).map((k) => [k, new Series()])) as Record<Name, InstanceType<typeof Series>>;
  const block = (name: Name) => {
    const handler = variants[name];
    const perWorker = Array.from({ length: CONCURRENCY }, () =>
      Array.from({ length: PER_BLOCK / CONCURRENCY }, () => {
        const event = events[next++ % events.length]!;
        return () => async () => {
          const res = await handler(event as never, context());
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} ${String(res.body).slice(0, 120)}`);
        };
      }),
    );
    return runBlock(perWorker);
  };
  const order: Name[] = ['deployed', 'noAuditLog', 'neither'];
  for (const name of order) await block(name); // warm-up, untimed
  for (let b = 0; b < BLOCKS; b++) {
    for (const name of b % 2 ? [...order].reverse() : order) series[name].add(await block(name));
  }
  const stats = Object.fromEntries(order.map((n) => [n, series[n].stats()])) as Record<Name, ReturnType<InstanceType<typeof Series>['stats']>>;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return { stats, md: [
    `GET /v1/cards/me at concurrency ${CONCURRENCY}, ${BLOCKS} blocks of ${PER_BLOCK} per variant, DynamoDB Local in memory.`,
    '',
    '| variant | p50 ms | p99 ms | req/s | errors |',
    '|---|---|---|---|---|',
    ...order.map((n) => `| ${n} | ${stats[n].p50.toFixed(1)} | ${stats[n].p99.toFixed(1)} | ${stats[n].throughput.toFixed(0)} | ${stats[n].errors} |`),
    '',
    `Rate-limit gate: p50 ${ratio(stats.noAuditLog.p50, stats.neither.p50)}× (noAuditLog / neither). ` +
      `Access log: p50 ${ratio(stats.deployed.p50, stats.noAuditLog.p50)}× (deployed / noAuditLog). ` +
      `Both: p50 ${ratio(stats.deployed.p50, stats.neither.p50)}×, throughput ${ratio(stats.deployed.throughput, stats.neither.throughput)}×.`,
  ].join('\n') };
  };
  const loaded = await measure(16);
  const unloaded = await measure(1);
  const md = `${loaded.md}\n\n${unloaded.md}`;
  const stats = { concurrency16: loaded.stats, concurrency1: unloaded.stats };
  const results = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'features.json'), JSON.stringify({ when: new Date(), stats }, null, 2));
  console.log(md);
} finally {
  await stack.stop();
}
