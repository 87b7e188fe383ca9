/**
 * Latency and throughput of code issue, code verification, settle and bill payment, each against its
 * floor (only the DynamoDB operations the call needs, issued raw), at concurrency 16,
 * against a DynamoDB Local this run starts and stops itself.
 *
 * Usage: npx tsx bench/run.ts   (or npm run bench)
 * Prints a Markdown report and writes it to bench/results/latest.md (and latest.json).
 * See bench/README.md.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { STAGE } = await import('./lib/env.js');
/** Whole run, setup included; past this the process exits (and its exit hook kills the JVM). */
const DEADLINE_MS = 260_000;

const RESULTS = join(fileURLToPath(new URL('.', import.meta.url)), 'results');

const deadline = setTimeout(() => {
  console.error(`bench: still running after ${DEADLINE_MS / 1000} s, giving up`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();

const { runBench } = await import('./lib/bench.js');
const { machine, markdown, ratios } = await import('./lib/report.js');

const log = (line: string) => console.error(`[bench] ${line}`);
const when = new Date();
// --quick: a smoke run (a fifth of the requests), for checking the bench itself.
const scale = process.argv.includes('--quick') ? 0.2 : 1;
const n = (v: number) => Math.max(32, Math.round(v * scale));
try {
  const result = await runBench(
    {
      stage: STAGE,
      concurrency: 16,
      holders: 64,
      peopleCount: 300,
      n: { issue: n(600), verify: n(600), settle: n(400), hot: n(80), payBill: n(400) },
      warmup: n(64),
      hotWarmup: 16,
      blocks: 6,
      unloadedBlocks: 8,
      profileN: n(64),
      unloadedN: n(80),
    },
    log,
  );
  const m = machine();
  const md = markdown(result, m, when);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.md'), md);
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify({ when, machine: m, ...result }, null, 2));
  const summary = Object.fromEntries(
    result.calls.map((c) => [
      c.name,
      { p50: c.handler.stats.p50, p99: c.handler.stats.p99, rps: c.handler.stats.throughput, floorP50: c.floor.stats.p50, floorP99: c.floor.stats.p99, floorRps: c.floor.stats.throughput, ratio: ratios(c) },
    ]),
  );
  appendFileSync(join(RESULTS, 'history.jsonl'), `${JSON.stringify({ when, quick: scale < 1, loadavg: m.loadavg, summary })}\n`);
  console.log(md);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
}
